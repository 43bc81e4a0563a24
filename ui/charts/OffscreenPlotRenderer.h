#pragma once
// tracking::PlotRenderer with the workbench's own chart builders, painted offscreen to PNG: a
// QChart in a QGraphicsScene rendered into a QImage. Needs a QApplication (fonts, styles); in a
// program without one (the CLI) create it with ensureGuiApplication().
//
// Thread safety: Qt's chart and graphics classes belong to the application thread. Called from
// another thread (the GUI's training jobs), the drawing is run on the application thread and the
// caller waits, so that thread must be free to run its event loop (it is in the GUI).
#include <QSize>
#include <memory>

#include "core/tracking/PlotRenderer.h"

class QApplication;
class QChart;

namespace tweetlab::charts {

class OffscreenPlotRenderer : public tracking::PlotRenderer {
 public:
  explicit OffscreenPlotRenderer(QSize size = QSize(900, 600));

  void renderRoc(const std::vector<tracking::RocPlot>& curves,
                 const std::filesystem::path& png) override;
  void renderHistory(const train::History& history, const std::string& title,
                     const std::filesystem::path& png) override;
  void renderConfusionMatrix(const eval::ConfusionMatrix& matrix, const std::string& title,
                             const std::filesystem::path& png) override;
  void renderReliability(const std::vector<tracking::ReliabilityPlot>& plots,
                         const std::string& title, const std::filesystem::path& png) override;
  void renderCurves(const std::vector<tracking::CurveSeries>& series, const std::string& title,
                    const std::string& xLabel, const std::string& yLabel,
                    const std::filesystem::path& png) override;
  void renderHistoryOverlay(const std::vector<tracking::RunHistoryPlot>& runs,
                            const std::filesystem::path& png) override;
  void renderMetricBars(const tracking::MetricBarsPlot& bars,
                        const std::filesystem::path& png) override;

  QSize size() const { return size_; }

 private:
  QSize size_;
};

// Creates a QApplication on the "offscreen" platform when the process has none (so the CLI can
// render without a display) and returns it; returns nullptr when an application already exists.
// The returned object must outlive every renderer use and be destroyed on the same thread.
std::unique_ptr<QApplication> ensureGuiApplication();

}  // namespace tweetlab::charts
