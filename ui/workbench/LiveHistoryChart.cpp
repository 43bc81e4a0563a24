#include "ui/workbench/LiveHistoryChart.h"

#include <QChart>
#include <QLineSeries>

#include "ui/charts/ChartBuilders.h"

namespace tweetlab::ui {

LiveHistoryChart::LiveHistoryChart(QWidget* parent) : QChartView(parent) {
  setRenderHint(QPainter::Antialiasing);
  setObjectName("liveHistory");
  reset(tr("Training history"));
}

void LiveHistoryChart::reset(const QString& title) {
  auto* old = chart();
  setChart(charts::createHistoryChart(title));
  delete old;
}

QLineSeries* LiveHistoryChart::series(const QString& name) const { return charts::historySeries(chart(), name); }

int LiveHistoryChart::epochCount() const { return static_cast<int>(series(QStringLiteral("loss"))->count()); }

void LiveHistoryChart::appendEpoch(const train::HistoryRow& row) { charts::appendHistoryEpoch(chart(), row); }

void LiveHistoryChart::appendBatchLoss(qint64 batch, double loss) { charts::appendBatchLoss(chart(), batch, loss); }

}  // namespace tweetlab::ui
