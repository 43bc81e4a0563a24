#include "ui/workbench/RunResultTabs.h"

#include <QChart>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <vector>

#include "core/eval/SetEvaluation.h"
#include "ui/charts/ChartZoom.h"
#include "ui/workbench/LiveHistoryChart.h"
#include "ui/workbench/RocChart.h"
#include "ui/workbench/SmoothingControl.h"

namespace tweetlab::ui {

RunResultTabs::RunResultTabs(QWidget* parent)
    : QTabWidget(parent),
      history_(new LiveHistoryChart),
      roc_(new RocChart),
      confusion_(new ConfusionMatrixView),
      metrics_(new QTableWidget(0, 3)),
      state_(new QLabel) {
  state_->setObjectName("runState");
  state_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  setCornerWidget(state_, Qt::TopRightCorner);
  metrics_->setObjectName("metricsTable");
  metrics_->setHorizontalHeaderLabels({tr("metric"), tr("validation"), tr("test")});
  metrics_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  metrics_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  addTab(historyPage(), tr("History"));
  addTab(roc_, tr("ROC"));
  addTab(confusion_, tr("Confusion matrix"));
  addTab(metrics_, tr("Metrics"));
}

// The live chart under a row of its controls: the smoothing of the per-batch loss (remembered)
// and the way back from a zoom, spelled out for those who do not guess right-click.
QWidget* RunResultTabs::historyPage() {
  auto* smoothing = new SmoothingControl;
  history_->setSmoothing(smoothing->weight());
  connect(smoothing, &SmoothingControl::weightChanged, history_, &LiveHistoryChart::setSmoothing);
  auto* resetZoom = new QPushButton(tr("Reset zoom"));
  resetZoom->setObjectName("resetHistoryZoom");
  resetZoom->setToolTip(
      tr("Drag a rectangle on the chart to zoom into it; double-click, "
         "right-click or this button shows all the data again."));
  connect(resetZoom, &QPushButton::clicked, history_->zoom(), &charts::ChartZoom::reset);
  auto* controls = new QHBoxLayout;
  controls->addWidget(smoothing);
  controls->addStretch(1);
  controls->addWidget(new QLabel(tr("Drag to zoom")));
  controls->addWidget(resetZoom);
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addLayout(controls);
  layout->addWidget(history_, 1);
  return page;
}

void RunResultTabs::startRun(const QString& name, int plannedEpochs) {
  plannedEpochs_ = plannedEpochs;
  epochs_ = 0;
  history_->reset(name);
  roc_->clear();
  confusion_->clear();
  metrics_->setRowCount(0);
  metrics_->setHorizontalHeaderLabels({tr("metric"), tr("validation"), tr("test")});
  state_->setText(tr("Training %1").arg(name));
  setCurrentIndex(0);
}

void RunResultTabs::appendEpoch(const train::HistoryRow& row) {
  ++epochs_;
  history_->appendEpoch(row);
}

QString RunResultTabs::killedState() const {
  if (epochs_ == 0) return tr("KILLED before its first epoch ended");
  return plannedEpochs_ > 0 ? tr("KILLED at epoch %1 of %2").arg(epochs_).arg(plannedEpochs_)
                            : tr("KILLED at epoch %1").arg(epochs_);
}

void RunResultTabs::showEnd(const QString& state) {
  state_->setText(state);
  setCurrentIndex(0);  // what the run reached is all there is to show
}

QString RunResultTabs::state() const {
  return state_->text();
}

void RunResultTabs::showResult(const experiment::ExperimentResult& r) {
  state_->setText(tr("FINISHED: %1").arg(QString::fromStdString(r.spec.displayName())));
  roc_->clear();
  roc_->addCurve(QString::fromStdString(r.spec.displayName()), r.validationRoc,
                 r.validation.rocAuc);
  confusion_->setMatrix(r.validation.confusion);
  if (r.history.empty()) {
    history_->chart()->setTitle(tr("%1 — no per-epoch history (not trained in epochs)")
                                    .arg(QString::fromStdString(r.spec.displayName())));
  }
  struct Row {
    QString name;
    double val, test;
  };
  std::vector<Row> rows{
      {tr("accuracy"), r.validation.accuracy, r.test.accuracy},
      {tr("ROC AUC"), r.validation.rocAuc, r.test.rocAuc},
      {tr("F1"), r.validation.f1, r.test.f1},
      {tr("precision"), r.validation.precision, r.test.precision},
      {tr("recall"), r.validation.recall, r.test.recall},
      {tr("log loss"), r.validation.logLoss, r.test.logLoss},
      {tr("fit time (s)"), r.fitSeconds, std::nan("")},
      {tr("predict time (s)"), r.predictSeconds, std::nan("")},
      {tr("predict ms / tweet"), r.predictMsPerTweet, std::nan("")},
  };
  // Named evaluation sets: their scores in the validation column, one row per number that
  // means something for the set (none of AUC / balanced accuracy for a set of one class).
  for (const auto& e : r.evaluations) {
    for (const auto& [key, value] : e.trackedMetrics())
      rows.push_back({QString::fromStdString(key), value, std::nan("")});
  }
  // A split part's scores are only as good as its row count: an empty part shows no number
  // (not 0.0000), and a part under eval::kFewRows rows says so in its header and tooltips.
  const std::size_t valRows = r.validation.count;
  const auto header = [](const QString& part, std::size_t count) {
    if (count == 0) return tr("%1 (no rows)").arg(part);
    if (count < eval::kFewRows) return tr("%1 (%2 rows: too few)").arg(part).arg(count);
    return tr("%1 (%2 rows)").arg(part).arg(count);
  };
  metrics_->setHorizontalHeaderLabels(
      {tr("metric"), header(tr("validation"), valRows), header(tr("test"), r.test.count)});
  const auto flag = [](std::size_t count) {
    return count < eval::kFewRows
               ? tr("Only %1 rows: one row moves a rate by more than 3 points, so this number says "
                    "little. Use more data or a larger share for this part.")
                     .arg(count)
               : QString();
  };
  auto cell = [](double v, const QString& warning) {
    auto* item = new QTableWidgetItem(std::isfinite(v) ? QString::number(v, 'f', 4) : QString());
    if (!warning.isEmpty() && std::isfinite(v)) {
      item->setToolTip(warning);
      item->setForeground(Qt::darkGray);
    }
    return item;
  };
  const int splitMetrics = 6;  // accuracy .. log loss come from the split's parts
  metrics_->setRowCount(static_cast<int>(rows.size()));
  for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
    const auto& row = rows[static_cast<std::size_t>(i)];
    const bool fromSplit = i < splitMetrics;
    metrics_->setItem(i, 0, new QTableWidgetItem(row.name));
    metrics_->setItem(i, 1,
                      cell(fromSplit && valRows == 0 ? std::nan("") : row.val,
                           fromSplit ? flag(valRows) : QString()));
    metrics_->setItem(i, 2,
                      cell(fromSplit && r.test.count == 0 ? std::nan("") : row.test,
                           fromSplit ? flag(r.test.count) : QString()));
  }
  if (r.history.empty()) setCurrentWidget(roc_);
}

}  // namespace tweetlab::ui
