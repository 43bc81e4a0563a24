#include "ui/charts/ChartHover.h"

#include <QBrush>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGraphicsEllipseItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QPen>
#include <QValueAxis>
#include <QXYSeries>
#include <cmath>

namespace tweetlab::charts {
namespace {

constexpr double kReachPixels = 16.0;  // how far from a point the mouse may be and still hit it

// attachedAxes() is not const in Qt 6.4, though it changes nothing.
QValueAxis* valueAxis(const QXYSeries& series, Qt::Orientation orientation) {
  for (auto* axis : const_cast<QXYSeries&>(series).attachedAxes()) {
    if (axis->orientation() == orientation) return qobject_cast<QValueAxis*>(axis);
  }
  return nullptr;
}

bool countsWholeSteps(const QValueAxis* axis) {
  return axis->labelFormat().contains(QLatin1String("%d")) ||
         axis->labelFormat().contains(QLatin1String("%i"));
}

}  // namespace

ChartHover::ChartHover(QChartView* view, Describe describe)
    : QObject(view),
      view_(view),
      describe_(std::move(describe)),
      box_(new QGraphicsRectItem),
      label_(new QGraphicsSimpleTextItem(box_)),
      dot_(new QGraphicsEllipseItem(-4, -4, 8, 8)) {
  setObjectName(QStringLiteral("chartHover"));
  box_->setBrush(QColor(255, 255, 255, 230));
  box_->setPen(QPen(QColor(120, 120, 120)));
  for (QGraphicsItem* item :
       {static_cast<QGraphicsItem*>(box_), static_cast<QGraphicsItem*>(dot_)}) {
    item->setZValue(1000);
    item->setAcceptedMouseButtons(Qt::NoButton);
    item->setVisible(false);
    view->scene()->addItem(item);
  }
  view->setMouseTracking(true);
  view->viewport()->setMouseTracking(true);
  view->viewport()->installEventFilter(this);
}

QString ChartHover::describePoint(const QXYSeries& series, int index) {
  const QPointF p = series.at(index);
  const auto* x = valueAxis(series, Qt::Horizontal);
  const auto* y = valueAxis(series, Qt::Vertical);
  const QString xText = x && countsWholeSteps(x) ? QString::number(std::llround(p.x()))
                                                 : QString::number(p.x(), 'f', 3);
  QString text = series.name() + QStringLiteral("  ");
  if (x && !x->titleText().isEmpty()) text += x->titleText() + QLatin1Char(' ');
  text += xText + QStringLiteral(": ");
  if (y && !y->titleText().isEmpty() && !series.name().contains(y->titleText()))
    text += y->titleText() + QLatin1Char(' ');
  return text + QString::number(p.y(), 'f', 4);
}

bool ChartHover::showNearest(const QPoint& viewportPos) {
  QChart* chart = view_->chart();
  const QPointF at = chart->mapFromScene(view_->mapToScene(viewportPos));
  const QRectF plot = chart->plotArea();
  if (!plot.contains(at)) {
    hide();
    return false;
  }
  const QXYSeries* nearest = nullptr;
  int nearestIndex = -1;
  double nearestDistance = kReachPixels;
  for (auto* s : chart->series()) {
    const auto* series = qobject_cast<const QXYSeries*>(s);
    if (!series || !series->isVisible() || series->count() == 0) continue;
    const auto* x = valueAxis(*series, Qt::Horizontal);
    const auto* y = valueAxis(*series, Qt::Vertical);
    if (!x || !y || x->max() <= x->min() || y->max() <= y->min()) continue;
    // Distances in pixels: a point 0.01 away on the loss axis may be far on screen.
    const double xScale = plot.width() / (x->max() - x->min());
    const double yScale = plot.height() / (y->max() - y->min());
    const QPointF mouse = chart->mapToValue(at, const_cast<QXYSeries*>(series));
    const auto points = series->points();
    for (int i = 0; i < points.size(); ++i) {
      const QPointF& p = points[i];
      if (p.x() < x->min() || p.x() > x->max() || p.y() < y->min() || p.y() > y->max()) continue;
      const double d = std::hypot((p.x() - mouse.x()) * xScale, (p.y() - mouse.y()) * yScale);
      if (d < nearestDistance) {
        nearest = series;
        nearestIndex = i;
        nearestDistance = d;
      }
    }
  }
  const QString text = nearest ? describe_(*nearest, nearestIndex) : QString();
  if (text.isEmpty()) {
    hide();
    return false;
  }
  const QPointF point = chart->mapToScene(
      chart->mapToPosition(nearest->at(nearestIndex), const_cast<QXYSeries*>(nearest)));
  dot_->setPen(QPen(nearest->color(), 2));
  dot_->setBrush(Qt::white);
  dot_->setPos(point);
  label_->setText(text);
  const QRectF textRect = label_->boundingRect();
  label_->setPos(4, 2);
  box_->setRect(0, 0, textRect.width() + 8, textRect.height() + 4);
  // Up and right of the point, flipped to stay inside the chart near its right and top edges.
  const QRectF area = chart->mapRectToScene(chart->rect());
  QPointF corner(point.x() + 10, point.y() - box_->rect().height() - 10);
  if (corner.x() + box_->rect().width() > area.right())
    corner.setX(point.x() - 10 - box_->rect().width());
  if (corner.y() < area.top()) corner.setY(point.y() + 10);
  box_->setPos(corner);
  box_->setVisible(true);
  dot_->setVisible(true);
  return true;
}

void ChartHover::hide() {
  box_->setVisible(false);
  dot_->setVisible(false);
  label_->setText(QString());
}

QString ChartHover::text() const {
  return box_->isVisible() ? label_->text() : QString();
}

bool ChartHover::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::MouseMove) {
    showNearest(static_cast<QMouseEvent*>(event)->position().toPoint());
  } else if (event->type() == QEvent::Leave) {
    hide();
  }
  return QObject::eventFilter(watched, event);  // the view still gets the event (rubber band)
}

}  // namespace tweetlab::charts
