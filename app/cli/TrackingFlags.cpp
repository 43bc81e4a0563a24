#include "app/cli/TrackingFlags.h"

#include <QApplication>

#include "ui/charts/OffscreenPlotRenderer.h"

namespace tweetlab::cli {

const std::set<std::string> kTrackingOptions{"store", "tracking-uri", "mlflow", "experiment"};
const std::set<std::string> kTrackingFlags{"no-track", "no-plots"};
const char* const kTrackingHelp =
    "Tracking (every run is recorded in the local run store, then pushed to MLflow when "
    "configured):\n"
    "  --store DIR            run store folder        ($XDG_DATA_HOME/TweetLab or "
    "~/.local/share/TweetLab)\n"
    "  --tracking-uri URL     MLflow server, e.g. http://127.0.0.1:5000 (or env "
    "MLFLOW_TRACKING_URI;\n"
    "                         auth from MLFLOW_TRACKING_TOKEN or _USERNAME/_PASSWORD); --mlflow "
    "URL is the same\n"
    "  --experiment NAME      experiment name                           (tweetlab)\n"
    "  --no-plots             do not draw the PNG plots\n"
    "  --no-track             do not record the run at all\n\n";

std::filesystem::path storeRootFrom(const Args& args) {
  if (auto store = args.get("store")) return *store;
  return tracking::RunStore::defaultRoot();
}

CliTracking::CliTracking(const Args& args, bool enabled) {
  enabled_ = enabled && !args.has("no-track");
  // Plots are drawn for a tracked run's artifacts and for --plots DIR, tracked or not.
  if (enabled && !args.has("no-plots") && (enabled_ || args.has("plots"))) {
    app_ = charts::ensureGuiApplication();
    renderer_ = std::make_unique<charts::OffscreenPlotRenderer>();
    options_.renderer = renderer_.get();
  }
  if (!enabled_) return;
  options_.storeRoot = storeRootFrom(args);
  options_.experiment = args.get("experiment", "tweetlab");
  options_.push.sourceName = "tweetlab-cli";
  const auto uri = args.get("tracking-uri", args.get("mlflow", ""));
  auto mlflow = tracking::MlflowConfig::fromEnvironment(uri);
  if (!mlflow.trackingUri.empty()) {
    tracking::MlflowClient check(
        mlflow);  // a malformed URI is a usage error now, not after training
    options_.mlflow = mlflow;
  }
}

CliTracking::~CliTracking() = default;

std::string CliTracking::describe(const tracking::TrackOutcome& o,
                                  const tracking::TrackingOptions& options) {
  std::string line = "  tracked: run " + o.runId + " (" + tracking::toString(o.status) + ") in " +
                     options.storeRoot.string();
  if (o.pushed)
    line += "; MLflow run " + o.mlflowRunId +
            (o.modelVersion.empty() ? "" : ", model version " + o.modelVersion);
  if (o.queued) line += "; MLflow push queued (" + o.pushError + "); `tweetlab-cli sync` retries";
  return line;
}

nlohmann::json CliTracking::toJson(const tracking::TrackOutcome& o,
                                   const tracking::TrackingOptions& options) {
  return {{"run_id", o.runId},
          {"status", tracking::toString(o.status)},
          {"store", options.storeRoot.string()},
          {"artifacts", o.artifacts},
          {"pushed", o.pushed},
          {"queued", o.queued},
          {"push_error", o.pushError},
          {"mlflow_run_id", o.mlflowRunId},
          {"model_version", o.modelVersion},
          {"notes", o.notes}};
}

}  // namespace tweetlab::cli
