#pragma once
// Showing a freshly built chart in a QChartView. The order matters: setChart() first (the view
// takes the new chart out of nothing and lets go of the old one, removing it from its scene),
// then delete the old chart. Deleting first left setChart() removing a destroyed item from the
// scene: a use-after-free that Qt 6.4 reported as "QGraphicsScene::removeItem: item's scene
// (0x0) is different from this scene".
#include <QChart>
#include <QChartView>

namespace tweetlab::ui {

inline void replaceChart(QChartView* view, QChart* chart) {
  QChart* old = view->chart();
  view->setChart(chart);
  delete old;
}

}  // namespace tweetlab::ui
