#pragma once
// The tracking flags shared by `train` and `compare`, and what they set up: the local run store,
// the MLflow push (--tracking-uri or MLFLOW_TRACKING_URI) and the offscreen plot renderer.
#include <memory>
#include <set>
#include <string>

#include "app/cli/Args.h"
#include "core/tracking/Tracking.h"

class QApplication;

namespace tweetlab::charts {
class OffscreenPlotRenderer;
}

namespace tweetlab::cli {

extern const std::set<std::string> kTrackingOptions;  // store, tracking-uri, mlflow, experiment
extern const std::set<std::string> kTrackingFlags;    // no-track, no-plots
extern const char* const kTrackingHelp;

class CliTracking {
 public:
  // `enabled` false: this process tracks nothing (a data-parallel rank other than 0).
  explicit CliTracking(const Args& args, bool enabled = true);
  ~CliTracking();
  bool enabled() const { return enabled_; }
  const tracking::TrackingOptions& options() const { return options_; }
  // One line for the terminal: where the run went.
  static std::string describe(const tracking::TrackOutcome& outcome,
                              const tracking::TrackingOptions& options);
  static nlohmann::json toJson(const tracking::TrackOutcome& outcome,
                               const tracking::TrackingOptions& options);

 private:
  bool enabled_ = true;
  std::unique_ptr<QApplication> app_;
  std::unique_ptr<charts::OffscreenPlotRenderer> renderer_;
  tracking::TrackingOptions options_;
};

// The store root from --store, else the default data directory.
std::filesystem::path storeRootFrom(const Args& args);

}  // namespace tweetlab::cli
