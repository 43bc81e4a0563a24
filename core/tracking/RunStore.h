#pragma once
// The local run store: a SQLite database (runs.db, WAL mode, versioned schema) plus one artifact
// folder per run (artifacts/<run id>/...) under a root directory. Every tracked run lands here
// first; the MLflow push works from here, and the Runs page and `tweetlab-cli runs` query it.
//
// Several processes (the GUI and the CLI) may open the same root at once: writes are short
// IMMEDIATE transactions and wait on a busy timeout. One RunStore may be shared by threads.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/tracking/RunQuery.h"
#include "core/tracking/RunRecord.h"

namespace tweetlab::tracking {

class SqliteDb;

inline constexpr int kStoreSchemaVersion = 3;

// Brings a database to `targetVersion` (each step in its own transaction). Public so that tests
// can build an older store and check the upgrade.
void migrateStore(SqliteDb& db, int targetVersion = kStoreSchemaVersion);

// A run waiting to be pushed to an MLflow server (or retried after a failure).
struct PendingPush {
  std::string runId;
  std::string target;  // tracking URI the run is meant for
  int attempts = 0;
  std::int64_t nextAttemptMs = 0;
  std::string lastError;
  nlohmann::json progress = nlohmann::json::object();  // which push steps are done (see MlflowPush)
};

class RunStore {
 public:
  // Opens or creates ROOT/runs.db and ROOT/artifacts, migrates the schema and marks runs left
  // RUNNING by a dead process on this host as FAILED.
  explicit RunStore(std::filesystem::path root);
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  // $XDG_DATA_HOME/TweetLab, else ~/.local/share/TweetLab.
  static std::filesystem::path defaultRoot();

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path databaseFile() const { return root_ / "runs.db"; }
  std::filesystem::path artifactDir(const std::string& runId) const;
  int schemaVersion();

  // Records a run as RUNNING (fills id, pid, host and start time when empty).
  void beginRun(RunRecord& record);
  // Adds history points as they arrive (so a crash keeps what the run had).
  void appendHistory(const std::string& runId, const std::vector<MetricPoint>& points);
  // Inserts or replaces the whole record (params, metrics, history, tags, artifacts).
  void save(const RunRecord& record);

  std::vector<RunSummary> list(const RunQuery& query = {});
  std::optional<RunRecord> get(const std::string& runId);
  // Accepts a unique id prefix (as `tweetlab-cli runs show 3fa9`); InputError when ambiguous.
  std::optional<std::string> resolveId(const std::string& idOrPrefix);
  // Removes the run, its rows and its artifact folder. False when there was no such run.
  bool remove(const std::string& runId);
  // The analyst's name and notes for a run (edited on the Runs page). Only the local record
  // changes: a run already pushed keeps its MLflow name. False when there was no such run.
  bool rename(const std::string& runId, const std::string& name);
  bool setNotes(const std::string& runId, const std::string& notes);

  // Marks RUNNING runs of dead processes on this host as FAILED; returns how many.
  int recoverCrashedRuns();

  // --- the MLflow push queue ---
  void queuePush(const std::string& runId, const std::string& target);
  // Pushes due at `nowMs` (all of them when nowMs < 0), oldest first.
  std::vector<PendingPush> pendingPushes(std::int64_t nowMs = -1);
  void setPushProgress(const std::string& runId, const nlohmann::json& progress);
  void pushFailed(const std::string& runId, const std::string& error, std::int64_t nextAttemptMs);
  void pushSucceeded(const std::string& runId);
  void setMlflowIds(const std::string& runId, const std::string& mlflowRunId,
                    const std::string& experimentId);

 private:
  void saveLocked(const RunRecord& record);
  std::filesystem::path root_;
  std::unique_ptr<SqliteDb> db_;
  std::mutex mutex_;
};

}  // namespace tweetlab::tracking
