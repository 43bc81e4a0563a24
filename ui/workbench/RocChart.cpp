#include "ui/workbench/RocChart.h"

#include <QChart>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/charts/ChartBuilders.h"
#include "ui/charts/ChartHover.h"
#include "ui/charts/ChartZoom.h"

namespace tweetlab::ui {

// The chart is built once and cleared in place: replacing a QChartView's chart and deleting the
// old one makes Qt 6.4 warn about items already gone from the scene.
RocChart::RocChart(QWidget* parent)
    : QChartView(charts::createRocChart(tr("ROC curve (validation)")), parent) {
  setRenderHint(QPainter::Antialiasing);
  setObjectName("rocChart");
  new charts::ChartHover(this);
  new charts::ChartZoom(this);
}

void RocChart::clear() {
  chart()->zoomReset();
  charts::clearRocCurves(chart());
}

void RocChart::addCurve(const QString& name, const std::vector<eval::RocPoint>& points,
                        double auc) {
  charts::addRocCurve(chart(), name, points, auc);
}

int RocChart::curveCount() const {
  return charts::rocCurveCount(chart());
}

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent)
    : QWidget(parent), table_(new QTableWidget(2, 2)) {
  table_->setHorizontalHeaderLabels({tr("predicted negative"), tr("predicted positive")});
  table_->setVerticalHeaderLabels({tr("actual negative"), tr("actual positive")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setObjectName("confusionMatrix");
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(table_);
}

void ConfusionMatrixView::clear() {
  table_->clearContents();
}

void ConfusionMatrixView::setMatrix(const eval::ConfusionMatrix& m) {
  const std::size_t cells[2][2] = {{m.trueNegative, m.falsePositive},
                                   {m.falseNegative, m.truePositive}};
  for (int r = 0; r < 2; ++r) {
    const double rowTotal = static_cast<double>(cells[r][0] + cells[r][1]);
    for (int c = 0; c < 2; ++c) {
      const double share = rowTotal > 0 ? static_cast<double>(cells[r][c]) / rowTotal : 0.0;
      auto* item = new QTableWidgetItem(
          QStringLiteral("%1\n(%2%)").arg(cells[r][c]).arg(share * 100.0, 0, 'f', 1));
      item->setTextAlignment(Qt::AlignCenter);
      item->setBackground(charts::confusionCellColor(r == c, share));
      table_->setItem(r, c, item);
    }
  }
}

}  // namespace tweetlab::ui
