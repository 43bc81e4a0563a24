#pragma once
// The one tracking function. Called at the end of every training by the CLI and the GUI alike:
//
//   tracking::TrackingOptions options;            // store root, MLflow URI, plot renderer...
//   auto outcome = tracking::track(tracking::TrackInput::finished(result), options);
//
// It writes the run to the local store first (params, metrics, per-epoch history, tags, and the
// artifacts spec.json, plots/*.png, model/ with an MLmodel file), then, when an MLflow URI is
// configured, pushes it; a push that fails is queued in the store and retried later (by the next
// track() or `tweetlab-cli sync`), never lost. Failed and cancelled runs are tracked too, with
// what they had. Safe to call from worker threads (the GUI's QtConcurrent jobs).
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/experiment/Experiment.h"
#include "core/tracking/LivePush.h"
#include "core/tracking/MlflowClient.h"
#include "core/tracking/MlflowPush.h"
#include "core/tracking/PlotRenderer.h"
#include "core/tracking/RunStore.h"
#include "core/train/TrainObserver.h"

namespace tweetlab::tracking {

struct TrackingOptions {
  std::filesystem::path storeRoot;  // empty -> RunStore::defaultRoot()
  RunStore* store = nullptr;  // an already open store (the GUI keeps one); wins over storeRoot
  std::string experiment = "tweetlab";
  std::optional<MlflowConfig> mlflow;  // nullopt or empty trackingUri -> local store only
  PlotRenderer* renderer = nullptr;    // nullptr -> no plots (the record's notes say so)
  PushOptions push;                    // source name, model registration
  bool exportModel = true;             // the bundle under model/
  std::string runName;                 // empty -> the spec's name or "<family> · <preprocessing>"
  // More run tags, e.g. the Slurm job and array task a run belongs to (core/cluster/Slurm.h).
  std::map<std::string, std::string> tags;
};

// What to track: a finished result, or a run that failed or was cancelled with what it had.
struct TrackInput {
  experiment::ExperimentSpec spec;
  const experiment::ExperimentResult* result = nullptr;
  RunStatus status = RunStatus::Finished;
  std::string error;
  train::History history;  // used when there is no result
  std::string runId;       // continue a run begun with RunRecorder; empty -> a new run
  std::int64_t startTimeMs = 0;

  static TrackInput finished(const experiment::ExperimentResult& result);
  static TrackInput failed(const experiment::ExperimentSpec& spec, const std::string& error,
                           const train::History& soFar = {});
  static TrackInput cancelled(const experiment::ExperimentSpec& spec,
                              const train::History& soFar = {});
};

struct TrackOutcome {
  std::string runId;
  RunStatus status = RunStatus::Finished;
  std::filesystem::path artifactDir;
  std::vector<std::string> artifacts;  // relative paths written
  bool pushed = false;                 // this run reached MLflow
  bool queued = false;                 // the push failed and waits for a retry
  std::string pushError;
  std::string mlflowRunId;
  std::string modelVersion;
  int retriedFromQueue = 0;  // earlier queued runs pushed by this call
  std::vector<std::string> notes;
};

TrackOutcome track(const TrackInput& input, const TrackingOptions& options);

// Writes a run's files into its artifact folder; may use the renderer (null without plots) and
// add notes. Throwing loses the files, never the run.
using ArtifactWriter = std::function<void(const std::filesystem::path& dir, PlotRenderer* renderer,
                                          std::vector<std::string>& notes)>;

// Tracks a run that is not a training, e.g. a bundle scored on target tweets (`evaluate`): the
// caller fills run name, params, metrics and tags; the record then goes the way track()'s do
// (local store first, then MLflow or the retry queue). Status defaults to FINISHED.
TrackOutcome trackRecord(RunRecord record, const TrackingOptions& options,
                         const ArtifactWriter& writeArtifacts = {});

// Records a run while it trains: begins it in the store as RUNNING (pid, host, start time), stores
// each epoch's history as it ends, and forwards everything to `inner` (the GUI's or CLI's own
// observer). Finish with finish()/fail()/cancel(); if none is called, the destructor records the
// run as FAILED. If the process dies, the next RunStore open marks the run FAILED with its history.
// With an MLflow server configured the run is also live there (LivePush): RUNNING from the start,
// each epoch's points as it ends, and it is queued for its final push from the start, so a run
// whose process dies still reaches MLflow (as FAILED) with the next sync.
class RunRecorder : public train::TrainObserver {
 public:
  RunRecorder(const experiment::ExperimentSpec& spec, TrackingOptions options,
              train::TrainObserver& inner = train::silentObserver());
  ~RunRecorder() override;
  RunRecorder(const RunRecorder&) = delete;
  RunRecorder& operator=(const RunRecorder&) = delete;

  const std::string& runId() const { return runId_; }
  TrackOutcome finish(const experiment::ExperimentResult& result);
  TrackOutcome fail(const std::string& error);
  TrackOutcome cancel();

  void epochEnded(const train::HistoryRow& row) override;
  void batchEnded(std::size_t batch, double loss) override { inner_.batchEnded(batch, loss); }
  void progress(std::size_t done, std::size_t total) override { inner_.progress(done, total); }
  void status(std::string_view message) override { inner_.status(message); }
  bool stopRequested() const override { return inner_.stopRequested(); }

 private:
  TrackOutcome end(TrackInput input);
  experiment::ExperimentSpec spec_;
  TrackingOptions options_;
  train::TrainObserver& inner_;
  std::unique_ptr<RunStore> ownStore_;
  RunStore* store_ = nullptr;
  std::unique_ptr<LivePush> live_;  // after the store: stopped before the store closes
  std::string runId_;
  std::int64_t startTimeMs_ = 0;
  std::mutex mutex_;
  train::History history_;
  bool ended_ = false;
};

}  // namespace tweetlab::tracking
