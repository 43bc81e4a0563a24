#include "core/tracking/Tracking.h"

#include <algorithm>
#include <cmath>

#include "core/common/Json.h"
#include "core/common/Platform.h"
#include "core/common/Sha256.h"
#include "core/common/StagingDirectory.h"
#include "core/common/Version.h"
#include "core/tracking/RecordBuilder.h"

namespace tweetlab::tracking {
namespace fs = std::filesystem;

TrackInput TrackInput::finished(const experiment::ExperimentResult& result) {
  TrackInput in;
  in.spec = result.spec;
  in.result = &result;
  in.status = RunStatus::Finished;
  return in;
}

TrackInput TrackInput::failed(const experiment::ExperimentSpec& spec, const std::string& error,
                              const train::History& soFar) {
  TrackInput in;
  in.spec = spec;
  in.status = RunStatus::Failed;
  in.error = error;
  in.history = soFar;
  return in;
}

TrackInput TrackInput::cancelled(const experiment::ExperimentSpec& spec,
                                 const train::History& soFar) {
  TrackInput in;
  in.spec = spec;
  in.status = RunStatus::Killed;
  in.error = "cancelled by the user";
  in.history = soFar;
  return in;
}

namespace {

std::vector<Artifact> listArtifacts(const fs::path& dir) {
  std::vector<Artifact> out;
  if (!fs::exists(dir)) return out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    const auto& entry = *it;
    // Half-written files and bundles (another process's, or one killed) are not artifacts.
    if (isStagingName(entry.path().filename().string())) {
      if (entry.is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!entry.is_regular_file() || entry.path().extension() == ".tmp") continue;
    out.push_back({fs::relative(entry.path(), dir).generic_string(),
                   static_cast<std::uint64_t>(entry.file_size()), Sha256::ofFile(entry.path())});
  }
  std::sort(out.begin(), out.end(),
            [](const Artifact& a, const Artifact& b) { return a.path < b.path; });
  return out;
}

// Plots are a nice-to-have: a failing renderer must never lose the run, only its picture.
template <typename Draw>
void plot(const char* what, std::vector<std::string>& notes, Draw draw) {
  try {
    draw();
  } catch (const std::exception& e) {
    notes.push_back(std::string("no ") + what + " plot: " + e.what());
  }
}

void writeArtifacts(RunRecord& r, const TrackInput& in, const TrackingOptions& options,
                    const fs::path& dir, std::vector<std::string>& notes) {
  fs::create_directories(dir);
  writeJsonFile(dir / "spec.json", r.spec);
  const auto* result = in.result;
  if (result) {
    writeJsonFile(dir / "fit_report.json", result->fitReport);
    // The curve as data as well as a picture: the Runs page overlays several runs' curves.
    nlohmann::json roc = nlohmann::json::array();
    for (const auto& p : result->validationRoc)
      roc.push_back({p.falsePositiveRate, p.truePositiveRate, p.threshold});
    const auto& m = result->validation.confusion;
    writeJsonFile(dir / "roc_curve.json", {{"auc", result->validation.rocAuc},
                                           {"columns", {"fpr", "tpr", "threshold"}},
                                           {"points", roc},
                                           {"confusion",
                                            {{"tn", m.trueNegative},
                                             {"fp", m.falsePositive},
                                             {"fn", m.falseNegative},
                                             {"tp", m.truePositive}}}});
  }
  const auto& history = result ? result->history : in.history;
  if (!options.renderer) {
    notes.push_back("no plots: no plot renderer available in this program");
  } else {
    auto* renderer = options.renderer;
    if (result) {
      plot("ROC", notes, [&] {
        renderer->renderRoc({{r.runName, result->validationRoc, result->validation.rocAuc}},
                            dir / "plots/roc_curve.png");
      });
      plot("confusion matrix", notes, [&] {
        renderer->renderConfusionMatrix(result->validation.confusion, r.runName + " (validation)",
                                        dir / "plots/confusion_matrix.png");
      });
    }
    if (!history.empty()) {
      plot("history", notes,
           [&] { renderer->renderHistory(history, r.runName, dir / "plots/history.png"); });
    }
  }
  if (result && result->classifier && options.exportModel) {
    experiment::exportBundle(*result, dir / "model", "tweetlab-" + r.modelFamily());
    writeFileAtomically(dir / "model" / "MLmodel", mlmodelYaml(r));
  }
}

void storeAndPush(RunRecord& r, RunStore& store, const TrackingOptions& options, TrackOutcome& out);

// An epoch point the recorder stored (and maybe sent to MLflow live) keeps its timestamp: the same
// (key, step) with another timestamp would be a second point in MLflow's metric history.
void keepRecordedTimestamps(std::vector<MetricPoint>& history,
                            const std::vector<MetricPoint>& recorded) {
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> when;
  for (const auto& p : recorded) when[{p.key, p.step}] = p.timestampMs;
  for (auto& p : history) {
    const auto it = when.find({p.key, p.step});
    if (it != when.end()) p.timestampMs = it->second;
  }
}

// The store the caller passed, or one opened at the options' root (the default store when empty),
// kept alive by `own` for the caller's scope.
RunStore* storeFor(const TrackingOptions& options, std::unique_ptr<RunStore>& own) {
  if (options.store) return options.store;
  own = std::make_unique<RunStore>(options.storeRoot.empty() ? RunStore::defaultRoot()
                                                             : options.storeRoot);
  return own.get();
}

}  // namespace

TrackOutcome track(const TrackInput& in, const TrackingOptions& options) {
  std::unique_ptr<RunStore> ownStore;
  RunStore* store = storeFor(options, ownStore);
  const auto* result = in.result;
  std::optional<RunRecord> begun;
  if (!in.runId.empty()) begun = store->get(in.runId);

  RunRecord r;
  r.id = in.runId.empty() ? newRunId() : in.runId;
  r.experiment = options.experiment;
  r.runName = options.runName;
  r.endTimeMs = nowMs();
  r.startTimeMs = in.startTimeMs ? in.startTimeMs : begun ? begun->startTimeMs : 0;
  if (r.startTimeMs == 0) {
    const double seconds =
        result ? result->preprocessSeconds + result->fitSeconds + result->predictSeconds : 0.0;
    r.startTimeMs = r.endTimeMs - static_cast<std::int64_t>(std::llround(seconds * 1000.0));
  }
  r.pid = platform::processId();
  r.host = platform::hostName();
  describeSpec(r, result ? result->spec : in.spec);
  for (const auto& [key, value] : options.tags) r.tags[key] = value;
  if (result) {
    describeResult(r, *result);
    r.status = RunStatus::Finished;
  } else {
    r.status = in.status == RunStatus::Finished || in.status == RunStatus::Running
                   ? RunStatus::Failed
                   : in.status;
    r.error = in.error.empty() ? "the run ended without a result" : in.error;
    r.history = historyPoints(in.history, r.startTimeMs);
    if (r.history.empty() && begun) r.history = begun->history;  // what the recorder stored so far
  }
  if (begun) {
    r.mlflowRunId = begun->mlflowRunId;
    r.mlflowExperimentId = begun->mlflowExperimentId;
    keepRecordedTimestamps(r.history, begun->history);
  }

  TrackOutcome out;
  out.runId = r.id;
  out.status = r.status;
  out.artifactDir = store->artifactDir(r.id);
  try {
    writeArtifacts(r, in, options, out.artifactDir, out.notes);
  } catch (const std::exception& e) {
    // The record still goes in: losing the model file must not lose the scores.
    out.notes.push_back(std::string("artifacts incomplete: ") + e.what());
  }
  storeAndPush(r, *store, options, out);
  return out;
}

namespace {

// The common end of every tracked run: artifacts listed, the record saved locally (from then on
// it cannot be lost), then pushed to MLflow or queued for a retry.
void storeAndPush(RunRecord& r, RunStore& storeRef, const TrackingOptions& options,
                  TrackOutcome& out) {
  RunStore* store = &storeRef;
  r.artifacts = listArtifacts(out.artifactDir);
  for (const auto& a : r.artifacts) out.artifacts.push_back(a.path);
  for (const auto& note : out.notes) r.notes += (r.notes.empty() ? "" : "\n") + note;
  if (!std::any_of(r.artifacts.begin(), r.artifacts.end(),
                   [](const Artifact& a) { return a.path.rfind("plots/", 0) == 0; })) {
    r.tags[tag::kPlots] = "none";
  }
  store->save(r);  // local first: from here on the run cannot be lost

  if (!options.mlflow || options.mlflow->trackingUri.empty()) return;
  const auto& uri = options.mlflow->trackingUri;
  store->queuePush(r.id, uri);
  try {
    MlflowClient client(*options.mlflow);
    try {
      const auto pushed = pushRun(*store, client, r.id, options.push);
      out.pushed = true;
      out.mlflowRunId = pushed.mlflowRunId;
      out.modelVersion = pushed.modelVersion;
      out.notes.insert(out.notes.end(), pushed.notes.begin(), pushed.notes.end());
    } catch (const std::exception& e) {
      out.queued = true;
      out.pushError = e.what();
      store->pushFailed(r.id, e.what(), nowMs() + retryDelayMs(0));
    }
    if (out.pushed) {
      // The server answers again: a good moment for runs that waited.
      out.retriedFromQueue = syncPending(*store, client, false, options.push).pushed;
    }
  } catch (const std::exception& e) {  // e.g. a malformed tracking URI
    out.queued = true;
    out.pushError = e.what();
    store->pushFailed(r.id, e.what(), nowMs() + retryDelayMs(0));
  }
}

}  // namespace

TrackOutcome trackRecord(RunRecord record, const TrackingOptions& options,
                         const ArtifactWriter& writeArtifacts) {
  std::unique_ptr<RunStore> ownStore;
  RunStore* store = storeFor(options, ownStore);
  auto& r = record;
  if (r.id.empty()) r.id = newRunId();
  r.experiment = options.experiment;
  if (!options.runName.empty()) r.runName = options.runName;
  r.endTimeMs = r.endTimeMs ? r.endTimeMs : nowMs();
  if (r.startTimeMs == 0) r.startTimeMs = r.endTimeMs;
  r.pid = platform::processId();
  r.host = platform::hostName();
  if (r.status == RunStatus::Running) r.status = RunStatus::Finished;
  r.tags[tag::kCodeVersion] = kVersion;
  r.tags[tag::kHost] = r.host;
  TrackOutcome out;
  out.runId = r.id;
  out.status = r.status;
  out.artifactDir = store->artifactDir(r.id);
  if (writeArtifacts) {
    try {
      std::filesystem::create_directories(out.artifactDir);
      writeArtifacts(out.artifactDir, options.renderer, out.notes);
    } catch (const std::exception& e) {
      out.notes.push_back(std::string("artifacts incomplete: ") + e.what());
    }
  }
  storeAndPush(r, *store, options, out);
  return out;
}

RunRecorder::RunRecorder(const experiment::ExperimentSpec& spec, TrackingOptions options,
                         train::TrainObserver& inner)
    : spec_(spec), options_(std::move(options)), inner_(inner) {
  store_ = storeFor(options_, ownStore_);
  options_.store = store_;
  RunRecord r;
  r.experiment = options_.experiment;
  r.runName = options_.runName;
  describeSpec(r, spec_);
  for (const auto& [key, value] : options_.tags) r.tags[key] = value;
  store_->beginRun(r);
  runId_ = r.id;
  startTimeMs_ = r.startTimeMs;
  if (options_.mlflow && !options_.mlflow->trackingUri.empty()) {
    // Queued now, not at the end: should this process die, the store marks the run FAILED on its
    // next open and the next sync still pushes it (syncPending leaves RUNNING runs alone).
    store_->queuePush(runId_, options_.mlflow->trackingUri);
    try {
      live_ = std::make_unique<LivePush>(*store_, r, *options_.mlflow, options_.push);
    } catch (const std::exception&) {  // e.g. a malformed URI: the final push reports it
    }
  }
}

RunRecorder::~RunRecorder() {
  bool ended;
  {
    std::lock_guard lock(mutex_);
    ended = ended_;
  }
  if (ended) return;
  try {
    fail("the training ended without reporting a result");
  } catch (...) {  // nothing sensible to do in a destructor; the next store open recovers it
  }
}

void RunRecorder::epochEnded(const train::HistoryRow& row) {
  {
    std::lock_guard lock(mutex_);
    history_.push_back(row);
  }
  const auto end = nowMs();
  auto points =
      historyPoints({row}, end - static_cast<std::int64_t>(std::llround(row.seconds * 1000.0)));
  try {
    store_->appendHistory(runId_, points);
  } catch (
      const std::exception&) {  // a busy disk must not stop the training; track() rewrites it all
  }
  if (live_) live_->send(std::move(points));
  inner_.epochEnded(row);
}

TrackOutcome RunRecorder::end(TrackInput input) {
  {
    std::lock_guard lock(mutex_);
    if (ended_) throw Error("run " + runId_ + " was already tracked");
    ended_ = true;
    if (!input.result && input.history.empty()) input.history = history_;
  }
  // The live sender ends first: the final push below sends the whole run to the same MLflow run
  // and must not race it.
  if (live_) live_->stop();
  input.runId = runId_;
  input.startTimeMs = startTimeMs_;
  return track(input, options_);
}

TrackOutcome RunRecorder::finish(const experiment::ExperimentResult& result) {
  return end(TrackInput::finished(result));
}
TrackOutcome RunRecorder::fail(const std::string& error) {
  return end(TrackInput::failed(spec_, error));
}
TrackOutcome RunRecorder::cancel() {
  return end(TrackInput::cancelled(spec_));
}

}  // namespace tweetlab::tracking
