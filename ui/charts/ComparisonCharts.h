#pragma once
// The charts of a run comparison, shared by the Runs page and the HTML report's PNGs
// (OffscreenPlotRenderer): validation curves of several runs per epoch, and their final scores
// as bars. What to draw comes from core/tracking/RunReport (historyPlots, metricBars).
#include <QChart>

#include "core/tracking/PlotRenderer.h"

namespace tweetlab::charts {

// Validation accuracy (solid, left axis) and loss (dashed, right axis) per epoch, one colour per
// run; the title says when no run has a per-epoch history.
QChart* buildHistoryOverlay(const std::vector<tracking::RunHistoryPlot>& runs);
// One bar set per metric, one category per run; a NaN score draws no bar.
QChart* buildMetricBars(const tracking::MetricBarsPlot& bars);

}  // namespace tweetlab::charts
