#include "ui/charts/ChartZoom.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QMouseEvent>

namespace tweetlab::charts {

ChartZoom::ChartZoom(QChartView* view, std::function<void()> fitToData)
    : QObject(view), view_(view), fitToData_(std::move(fitToData)) {
  setObjectName(QStringLiteral("chartZoom"));
  view->setRubberBand(QChartView::RectangleRubberBand);
  view->viewport()->installEventFilter(this);
}

bool ChartZoom::isZoomed() const {
  return view_->chart()->isZoomed();
}

void ChartZoom::reset() {
  view_->chart()->zoomReset();
  if (fitToData_) fitToData_();
}

bool ChartZoom::eventFilter(QObject* watched, QEvent* event) {
  const auto type = event->type();
  if (type == QEvent::MouseButtonPress || type == QEvent::MouseButtonRelease ||
      type == QEvent::MouseButtonDblClick) {
    const auto button = static_cast<QMouseEvent*>(event)->button();
    // The right button's press and release, and a double-click, are ours: the view would zoom
    // out one step on the right release.
    if (button == Qt::RightButton ||
        (button == Qt::LeftButton && type == QEvent::MouseButtonDblClick)) {
      if (type != QEvent::MouseButtonPress) reset();
      return true;
    }
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace tweetlab::charts
