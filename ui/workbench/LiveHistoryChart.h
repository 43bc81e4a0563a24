#pragma once
// The training curves as they arrive: loss and accuracy for train and validation per epoch, and
// the per-batch loss, raw (faded) and smoothed with the analyst's weight. Built by ui/charts, so
// it looks like the tracked history.png. Hover shows a point's values; a dragged rectangle
// zooms, and a zoom survives the epochs arriving after it until it is reset.
#include <QChartView>
#include <QList>
#include <QPointF>

#include "core/train/History.h"
#include "core/train/LossSmoothing.h"

class QLineSeries;
class QTimer;

namespace tweetlab::charts {
class ChartHover;
class ChartZoom;
}  // namespace tweetlab::charts

namespace tweetlab::ui {

class LiveHistoryChart : public QChartView {
  Q_OBJECT

 public:
  explicit LiveHistoryChart(QWidget* parent = nullptr);

  void reset(const QString& title);  // a new run: empty curves, no zoom
  void appendEpoch(const train::HistoryRow& row);
  // Drawn with the others waiting, at most five times a second and less often as the curve
  // grows (flushBatchLosses): a visible curve redraws all its points for each update, so one
  // update per batch slowed the GUI thread more and more as the run went on.
  void appendBatchLoss(qint64 batch, double loss);
  void flushBatchLosses();  // draws the waiting batch losses now (also at each epoch's end)
  // The smoothing weight of the per-batch loss (0 = raw .. 0.99); the smoothed curve is
  // recomputed from the raw points at once.
  void setSmoothing(double weight);
  double smoothing() const { return smoother_.weight(); }
  int epochCount() const;
  // Read-only access for tests and the report: series by name ("loss", "val_loss", ...,
  // "batch_loss" smoothed and "batch_loss_raw").
  QLineSeries* series(const QString& name) const;
  charts::ChartHover* hover() const { return hover_; }
  charts::ChartZoom* zoom() const { return zoom_; }

 private:
  // The smoothed points of `raw`, continuing the average of the points smoothed before them.
  QList<QPointF> smoothedOnward(const QList<QPointF>& raw);

  train::LossSmoother smoother_;
  QList<QPointF> waiting_;  // raw batch losses not drawn yet
  QTimer* flush_;
  charts::ChartHover* hover_;
  charts::ChartZoom* zoom_;
};

}  // namespace tweetlab::ui
