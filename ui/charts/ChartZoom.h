#pragma once
// Zoom on any chart view with the mouse: drag a rectangle to zoom into it (QChartView's rubber
// band), double-click or right-click to see everything again (reset(), also behind a "Reset
// zoom" button where a chart has one). Right-click resets rather than QChartView's default of
// zooming out one step: one gesture back to the whole picture is what an analyst expects.
#include <QObject>
#include <functional>

class QChartView;

namespace tweetlab::charts {

class ChartZoom : public QObject {
  Q_OBJECT

 public:
  // `fitToData` sets the axes to all the data after a reset: a live chart keeps receiving points
  // while zoomed, so the ranges saved at the first zoom are stale by then. Without it the axes
  // go back to those saved ranges (right for a finished chart).
  explicit ChartZoom(QChartView* view, std::function<void()> fitToData = {});

  bool isZoomed() const;

 public slots:
  void reset();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QChartView* view_;
  std::function<void()> fitToData_;
};

}  // namespace tweetlab::charts
