#include "ui/workbench/LiveHistoryChart.h"

#include <QChart>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QTimer>
#include <algorithm>
#include <cmath>

#include "ui/charts/ChartBuilders.h"
#include "ui/charts/ChartHover.h"
#include "ui/charts/ChartZoom.h"

namespace tweetlab::ui {
namespace {

const QString kRaw = QStringLiteral("batch_loss_raw");
constexpr int kFlushMs = 200;  // the shortest wait between two updates of the batch curves

}  // namespace

// One chart for the view's lifetime, reset in place for each run (see RocChart).
LiveHistoryChart::LiveHistoryChart(QWidget* parent)
    : QChartView(charts::createHistoryChart(tr("Training history")), parent),
      smoother_(0.0),
      flush_(new QTimer(this)),
      zoom_(new charts::ChartZoom(this, [this] { charts::fitHistoryAxes(chart()); })) {
  setRenderHint(QPainter::Antialiasing);
  setObjectName("liveHistory");
  flush_->setSingleShot(true);
  flush_->setInterval(kFlushMs);
  connect(flush_, &QTimer::timeout, this, &LiveHistoryChart::flushBatchLosses);
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
  waiting_.clear();
  flush_->stop();
  flush_->setInterval(kFlushMs);
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
  flushBatchLosses();
  charts::appendHistoryEpoch(chart(), row);
}

void LiveHistoryChart::appendBatchLoss(qint64 batch, double loss) {
  if (!std::isfinite(loss)) return;
  waiting_.append({static_cast<qreal>(batch), loss});
  if (!flush_->isActive()) flush_->start();
}

void LiveHistoryChart::flushBatchLosses() {
  flush_->stop();
  if (waiting_.isEmpty()) return;
  QElapsedTimer clock;
  clock.start();
  charts::appendBatchLosses(chart(), waiting_, smoothedOnward(waiting_));
  waiting_.clear();
  // Each update redraws every point, so it costs more as the run goes on (about 20 ms at
  // 12,500 points): wait ten times as long as the last one took, so the live curve never takes
  // more than a tenth of the GUI thread.
  flush_->setInterval(std::clamp(static_cast<int>(clock.elapsed()) * 10, kFlushMs, 5000));
}

QList<QPointF> LiveHistoryChart::smoothedOnward(const QList<QPointF>& raw) {
  QList<QPointF> smoothed;
  smoothed.reserve(raw.size());
  for (const auto& p : raw) smoothed.append({p.x(), smoother_.add(p.y())});
  return smoothed;
}

void LiveHistoryChart::setSmoothing(double weight) {
  flushBatchLosses();
  smoother_ = train::LossSmoother(weight);
  series(QStringLiteral("batch_loss"))->replace(smoothedOnward(series(kRaw)->points()));
  hover_->hide();  // its text may quote the old smoothed value
}

}  // namespace tweetlab::ui
