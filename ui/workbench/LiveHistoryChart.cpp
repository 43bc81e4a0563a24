#include "ui/workbench/LiveHistoryChart.h"

#include <QChart>
#include <QLineSeries>

#include "ui/charts/ChartBuilders.h"

namespace tweetlab::ui {

// One chart for the view's lifetime, reset in place for each run (see RocChart).
LiveHistoryChart::LiveHistoryChart(QWidget* parent)
    : QChartView(charts::createHistoryChart(tr("Training history")), parent) {
  setRenderHint(QPainter::Antialiasing);
  setObjectName("liveHistory");
}

void LiveHistoryChart::reset(const QString& title) {
  charts::resetHistoryChart(chart(), title);
}

QLineSeries* LiveHistoryChart::series(const QString& name) const {
  return charts::historySeries(chart(), name);
}

int LiveHistoryChart::epochCount() const {
  return static_cast<int>(series(QStringLiteral("loss"))->count());
}

void LiveHistoryChart::appendEpoch(const train::HistoryRow& row) {
  charts::appendHistoryEpoch(chart(), row);
}

void LiveHistoryChart::appendBatchLoss(qint64 batch, double loss) {
  charts::appendBatchLoss(chart(), batch, loss);
}

}  // namespace tweetlab::ui
