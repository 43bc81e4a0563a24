#include "ui/workbench/LiveHistoryChart.h"

#include <QChart>
#include <QLineSeries>
#include <cmath>

#include "ui/charts/ChartBuilders.h"
#include "ui/charts/ChartHover.h"
#include "ui/charts/ChartZoom.h"

namespace tweetlab::ui {
namespace {

const QString kRaw = QStringLiteral("batch_loss_raw");

}  // namespace

// One chart for the view's lifetime, reset in place for each run (see RocChart).
LiveHistoryChart::LiveHistoryChart(QWidget* parent)
    : QChartView(charts::createHistoryChart(tr("Training history")), parent),
      smoother_(0.0),
      zoom_(new charts::ChartZoom(this, [this] { charts::fitHistoryAxes(chart()); })) {
  setRenderHint(QPainter::Antialiasing);
  setObjectName("liveHistory");
  // A batch's label gives both its values, whichever of the two curves the mouse is nearer.
  hover_ = new charts::ChartHover(this, [this](const QXYSeries& s, int index) {
    if (s.name() != kRaw && s.name() != QLatin1String("batch_loss"))
      return charts::ChartHover::describePoint(s, index);
    const QPointF raw = series(kRaw)->at(index);
    return tr("batch_loss  batch %1: %2 smoothed, %3 raw")
        .arg(static_cast<qint64>(raw.x()))
        .arg(series(QStringLiteral("batch_loss"))->at(index).y(), 0, 'f', 4)
        .arg(raw.y(), 0, 'f', 4);
  });
}

void LiveHistoryChart::reset(const QString& title) {
  hover_->hide();
  chart()->zoomReset();
  charts::resetHistoryChart(chart(), title);
  smoother_ = train::LossSmoother(smoother_.weight());
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
  if (!std::isfinite(loss)) return;
  charts::appendBatchLoss(chart(), batch, loss, smoother_.add(loss));
}

void LiveHistoryChart::setSmoothing(double weight) {
  smoother_ = train::LossSmoother(weight);
  const auto raw = series(kRaw)->points();
  QList<QPointF> smoothed;
  smoothed.reserve(raw.size());
  for (const auto& p : raw) smoothed.append({p.x(), smoother_.add(p.y())});
  series(QStringLiteral("batch_loss"))->replace(smoothed);
  hover_->hide();  // its text may quote the old smoothed value
}

}  // namespace tweetlab::ui
