#include "ui/workbench/RunComparison.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QHeaderView>
#include <QLegend>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/charts/ChartHover.h"
#include "ui/charts/ChartZoom.h"
#include "ui/charts/ComparisonCharts.h"
#include "ui/workbench/ChartViewReplace.h"
#include "ui/workbench/RocChart.h"

namespace tweetlab::ui {
namespace {

// The lower pane is short (a third of 768 px): the legend goes beside the plot and the margins
// shrink, or the plot kept a strip of 50 px and Qt elided the axis labels to "...".
void fitLowerPane(QChart* chart) {
  chart->legend()->setAlignment(Qt::AlignRight);
  chart->setMargins(QMargins(2, 2, 2, 2));
}

}  // namespace

RunComparison::RunComparison(QWidget* parent)
    : QTabWidget(parent),
      roc_(new RocChart),
      history_(new QChartView),
      metrics_(new QChartView),
      params_(new QTableWidget),
      onlyDifferences_(new QCheckBox(tr("Only parameters that differ"))) {
  setObjectName("comparisonTabs");
  history_->setObjectName("historyOverlay");
  history_->setRenderHint(QPainter::Antialiasing);
  new charts::ChartHover(history_);  // both read whichever chart the view shows
  new charts::ChartZoom(history_);
  metrics_->setObjectName("metricsBars");
  metrics_->setRenderHint(QPainter::Antialiasing);
  params_->setObjectName("paramsTable");
  params_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  onlyDifferences_->setObjectName("onlyDifferences");
  onlyDifferences_->setChecked(true);
  connect(onlyDifferences_, &QCheckBox::toggled, this, &RunComparison::fillParams);

  auto* paramsTab = new QWidget;
  auto* paramsLayout = new QVBoxLayout(paramsTab);
  paramsLayout->addWidget(onlyDifferences_);
  paramsLayout->addWidget(params_);
  roc_->chart()->setTitle(QString());  // the tab says it
  fitLowerPane(roc_->chart());
  addTab(roc_, tr("ROC (validation)"));
  addTab(history_, tr("History"));
  addTab(metrics_, tr("Metrics"));
  addTab(paramsTab, tr("Parameters"));
  setRuns({});
}

bool RunComparison::onlyDifferences() const {
  return onlyDifferences_->isChecked();
}

void RunComparison::setRuns(std::vector<tracking::ComparedRun> runs) {
  runs_ = std::move(runs);
  roc_->clear();
  for (const auto& plot : tracking::rocPlots(runs_))
    roc_->addCurve(QString::fromStdString(plot.name), plot.points, plot.auc);
  replaceChart(history_, charts::buildHistoryOverlay(tracking::historyPlots(runs_)));
  replaceChart(metrics_, charts::buildMetricBars(tracking::metricBars(runs_)));
  fitLowerPane(history_->chart());
  fitLowerPane(metrics_->chart());
  fillParams();
}

void RunComparison::fillParams() {
  const auto rows = tracking::paramRows(runs_, onlyDifferences_->isChecked());
  params_->clear();
  params_->setColumnCount(static_cast<int>(runs_.size()));
  params_->setRowCount(static_cast<int>(rows.size()));
  QStringList headers;
  for (const auto& r : runs_) headers << QString::fromStdString(r.record.runName);
  params_->setHorizontalHeaderLabels(headers);
  QStringList rowLabels;
  for (const auto& k : rows) rowLabels << QString::fromStdString(k);
  params_->setVerticalHeaderLabels(rowLabels);
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    for (int c = 0; c < static_cast<int>(runs_.size()); ++c) {
      const auto& record = runs_[static_cast<std::size_t>(c)].record;
      params_->setItem(r, c,
                       new QTableWidgetItem(QString::fromStdString(
                           tracking::paramValue(record, rows[static_cast<std::size_t>(r)]))));
    }
  }
  params_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
}

}  // namespace tweetlab::ui
