#pragma once
// Runs side by side, as the Runs page compares them and as a self-contained HTML report
// (`tweetlab-cli runs report`, the page's "Export report…"): metrics, overlaid ROC curves,
// validation curves per epoch, a metrics bar chart and the parameters that differ. The plots are
// drawn by a PlotRenderer (ui/charts paints them offscreen, the same charts the page shows) and
// embedded as PNG, so the file travels alone.
#include <filesystem>
#include <string>
#include <vector>

#include "core/eval/Metrics.h"
#include "core/tracking/PlotRenderer.h"
#include "core/tracking/RunRecord.h"

namespace tweetlab::tracking {

class RunStore;

// One run as a comparison shows it. `roc` comes from the run's roc_curve.json artifact: empty
// for runs without one (failed early, remote MLflow runs).
struct ComparedRun {
  RunRecord record;
  std::vector<eval::RocPoint> roc;
};

// The runs with these ids, in that order; unknown ids are skipped. A damaged ROC file only costs
// that run's curve.
std::vector<ComparedRun> loadComparedRuns(RunStore& store, const std::vector<std::string>& ids);

// What each chart draws, shared by the Runs page's charts and the report's PNGs.
std::vector<RocPlot> rocPlots(const std::vector<ComparedRun>& runs);
std::vector<RunHistoryPlot> historyPlots(const std::vector<ComparedRun>& runs);
MetricBarsPlot metricBars(const std::vector<ComparedRun>& runs);  // accuracy, ROC AUC, F1

// The parameter names to show, sorted: with `onlyDifferences` (and two runs or more) only those
// whose values differ between the runs.
std::vector<std::string> paramRows(const std::vector<ComparedRun>& runs, bool onlyDifferences);
// The run's value of `key`, "–" when it has none.
std::string paramValue(const RunRecord& record, const std::string& key);

struct ReportOptions {
  bool onlyDifferences = true;  // the parameters table shows only what differs
};

// The whole page. Without a renderer the report says it has no plots instead of showing none.
// Rendering writes PNGs under the system's temporary folder (removed afterwards).
std::string reportHtml(const std::vector<ComparedRun>& runs, PlotRenderer* renderer,
                       const ReportOptions& options = {});
// Writes reportHtml atomically to `htmlFile`; IoError when it cannot, InputError with no runs.
void writeReport(const std::vector<ComparedRun>& runs, const std::filesystem::path& htmlFile,
                 PlotRenderer* renderer, const ReportOptions& options = {});

}  // namespace tweetlab::tracking
