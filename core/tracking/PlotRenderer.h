#pragma once
// Plots of a tracked run as PNG files. core/ may not include Qt Widgets/Charts, so it only names
// what to draw; ui/charts implements this with the same chart builders the GUI shows
// (ui/charts/OffscreenPlotRenderer), so the PNG looks like the screen. Without a renderer,
// track() still records the run, just without plots (and says so in the record's notes).
#include <filesystem>
#include <string>
#include <vector>

#include "core/eval/Metrics.h"
#include "core/eval/Reliability.h"
#include "core/tracking/RunRecord.h"
#include "core/train/History.h"

namespace tweetlab::tracking {

struct RocPlot {
  std::string name;  // legend label, e.g. the run name
  std::vector<eval::RocPoint> points;
  double auc = 0.0;
};

// One model's reliability diagram (mean score against share of positives per bin).
struct ReliabilityPlot {
  std::string name;
  eval::Reliability reliability;
};

// A learning curve: y (e.g. target balanced accuracy) against x (labels), with a spread band.
struct CurvePoint {
  double x = 0.0;
  double mean = 0.0;
  double low = 0.0;   // e.g. the lowest of the repeats
  double high = 0.0;  // the highest
};
struct CurveSeries {
  std::string name;  // e.g. "uncertainty", "random", "target only"
  std::vector<CurvePoint> points;
};

// One run's stepped metrics in a comparison: validation accuracy (solid) and loss (dashed) per
// epoch, one colour per run.
struct RunHistoryPlot {
  std::string name;
  std::vector<MetricPoint> history;
};

// Final scores of several runs side by side: values[metric][run]; NaN draws no bar.
struct MetricBarsPlot {
  std::vector<std::string> runs;
  std::vector<std::string> metrics;
  std::vector<std::vector<double>> values;
};

class PlotRenderer {
 public:
  virtual ~PlotRenderer() = default;
  // Each writes one PNG (creating parent folders) and throws tweetlab::IoError on failure.
  // Implementations must be callable from any thread (track() runs on the GUI's worker threads).
  virtual void renderRoc(const std::vector<RocPlot>& curves, const std::filesystem::path& png) = 0;
  virtual void renderHistory(const train::History& history, const std::string& title,
                             const std::filesystem::path& png) = 0;
  virtual void renderConfusionMatrix(const eval::ConfusionMatrix& matrix, const std::string& title,
                                     const std::filesystem::path& png) = 0;
  virtual void renderReliability(const std::vector<ReliabilityPlot>& plots,
                                 const std::string& title, const std::filesystem::path& png) = 0;
  virtual void renderCurves(const std::vector<CurveSeries>& series, const std::string& title,
                            const std::string& xLabel, const std::string& yLabel,
                            const std::filesystem::path& png) = 0;
  virtual void renderHistoryOverlay(const std::vector<RunHistoryPlot>& runs,
                                    const std::filesystem::path& png) = 0;
  virtual void renderMetricBars(const MetricBarsPlot& bars, const std::filesystem::path& png) = 0;
};

}  // namespace tweetlab::tracking
