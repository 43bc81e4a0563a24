#pragma once
// What one training run leaves behind, whatever the model: the record the local store keeps, the
// Runs page shows and the MLflow push sends. Values are plain strings/doubles so that the store,
// the GUI and MLflow all see exactly the same thing.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tweetlab::tracking {

// MLflow's run states, with the same spelling.
enum class RunStatus { Running, Finished, Failed, Killed };
std::string toString(RunStatus status);
RunStatus runStatusFromString(const std::string& text);  // InputError on anything else

// One value of a stepped metric (per-epoch history: train_loss, train_accuracy, val_loss, ...).
struct MetricPoint {
  std::string key;
  double value = 0.0;  // may be NaN/inf
  std::int64_t step = 0;
  std::int64_t timestampMs = 0;
};

// A file kept with the run, relative to the run's artifact folder ("plots/roc_curve.png").
struct Artifact {
  std::string path;
  std::uint64_t bytes = 0;
  std::string sha256;
};

struct RunRecord {
  std::string id;  // local run id: 32 lower-case hex digits (the store's key)
  std::string experiment = "tweetlab";
  std::string runName;
  nlohmann::json spec = nlohmann::json::object();  // the full ExperimentSpec JSON
  RunStatus status = RunStatus::Running;
  std::int64_t startTimeMs = 0;
  std::int64_t endTimeMs = 0;                 // 0 while running
  std::map<std::string, std::string> params;  // flattened hyper-parameters and spec fields
  std::map<std::string, double> metrics;      // final values (accuracy, roc_auc, fit_time_s, ...)
  std::vector<MetricPoint> history;           // stepped metrics
  std::map<std::string, std::string>
      tags;  // model family, preprocessing, digest, versions, host...
  std::vector<Artifact> artifacts;
  std::string error;  // why a FAILED/KILLED run stopped
  std::string notes;  // e.g. "no plots: no plot renderer available"
  // Where the run was made; a RUNNING run whose process is gone on this host was a crash.
  std::int64_t pid = 0;
  std::string host;
  // MLflow side, filled by the push.
  std::string mlflowRunId;
  std::string mlflowExperimentId;

  std::string modelFamily() const;
  double metric(const std::string& key) const;  // NaN when absent
};

nlohmann::json toJson(const RunRecord& record);
// The run's tag `key`, or "" when it has none.
std::string tagValue(const RunRecord& record, const std::string& key);
RunRecord runRecordFromJson(const nlohmann::json& j);

// 32 random lower-case hex digits (same shape as MLflow run ids).
std::string newRunId();
std::int64_t nowMs();

// Metric names as tracked, shared by the store, the push and the Runs page columns.
namespace metric {
inline constexpr const char* kAccuracy = "accuracy";
inline constexpr const char* kRocAuc = "roc_auc";
inline constexpr const char* kF1 = "f1";
inline constexpr const char* kPrecision = "precision";
inline constexpr const char* kRecall = "recall";
inline constexpr const char* kLogLoss = "log_loss";
inline constexpr const char* kFitTime = "fit_time_s";
inline constexpr const char* kPredictTime = "predict_time_s";
inline constexpr const char* kPredictMsPerTweet = "predict_ms_per_tweet";
}  // namespace metric

// Per-epoch (stepped, steps 1..N) metric names. Distinct from the final metrics above, which go
// to MLflow once at step 0: MLflow shows each key's highest step, so sharing a name would show
// the last epoch's training number instead of the run's validation result.
namespace history {
inline constexpr const char* kTrainLoss = "train_loss";
inline constexpr const char* kTrainAccuracy = "train_accuracy";
inline constexpr const char* kTrainAuc = "train_auc";
inline constexpr const char* kValLoss = "val_loss";
inline constexpr const char* kValAccuracy = "val_accuracy";
inline constexpr const char* kValAuc = "val_auc";
inline constexpr const char* kLearningRate = "learning_rate";
}  // namespace history

// Tag keys, shared likewise.
namespace tag {
inline constexpr const char* kModelFamily = "tweetlab.model_family";
inline constexpr const char* kPreprocessing = "tweetlab.preprocessing";
inline constexpr const char* kEmbedding = "tweetlab.embedding";
inline constexpr const char* kDatasetDigest = "tweetlab.dataset_digest";
inline constexpr const char* kCodeVersion = "tweetlab.version";
inline constexpr const char* kGitCommit = "mlflow.source.git.commit";
inline constexpr const char* kHost = "tweetlab.host";
inline constexpr const char* kThreads = "tweetlab.threads";
inline constexpr const char* kLocalRunId = "tweetlab.run_id";
inline constexpr const char* kPlots = "tweetlab.plots";
}  // namespace tag

}  // namespace tweetlab::tracking
