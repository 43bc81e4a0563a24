#pragma once
// The value under the mouse, on any chart view: moving the mouse over a curve shows the nearest
// point's series, x and y ("val_loss  epoch 3: 0.4120") in a small label beside a dot on the
// point, the way a W&B or TensorBoard chart answers "what was it at epoch 3?". One piece for
// every chart (the live history, the ROC, a run's history in its details), attached to the view:
// it reads whatever chart the view shows at the time, so a view that replaces its chart keeps it.
// Nearest point within a few pixels rather than QXYSeries::hovered, which fires only on the
// 2-pixel line itself and reports the mouse position, not a data point.
#include <QObject>
#include <QString>
#include <functional>

class QChartView;
class QXYSeries;
class QGraphicsEllipseItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QPoint;

namespace tweetlab::charts {

class ChartHover : public QObject {
  Q_OBJECT

 public:
  // The label of point `index` of `series`; an empty text shows no label for that series.
  using Describe = std::function<QString(const QXYSeries& series, int index)>;

  explicit ChartHover(QChartView* view, Describe describe = describePoint);

  // "<series>  <x axis title> <x>: <y>", x whole when its axis counts (epochs, batches), the y
  // axis' title added when the series' name does not already say it (ROC: true positive rate).
  static QString describePoint(const QXYSeries& series, int index);
  // What a mouse move does: labels the point nearest `viewportPos` (the view's viewport
  // coordinates) if one is within reach on screen; returns whether one was.
  bool showNearest(const QPoint& viewportPos);
  void hide();
  QString text() const;  // the label shown now, empty when none

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QChartView* view_;
  Describe describe_;
  // Items of the view's scene rather than of the chart: they outlive a chart the view replaces.
  QGraphicsRectItem* box_;
  QGraphicsSimpleTextItem* label_;
  QGraphicsEllipseItem* dot_;
};

}  // namespace tweetlab::charts
