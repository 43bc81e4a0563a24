#pragma once
// Pushing a stored run to MLflow, resumable and without duplicates. Each step's completion is kept
// in the store's push queue, and the MLflow run id is saved the moment the run is created (and
// looked up by the tweetlab.run_id tag if an earlier attempt lost the answer), so a retry after
// any failure continues where it stopped and never creates a second MLflow run or model version.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/tracking/MlflowClient.h"
#include "core/tracking/RunStore.h"

namespace tweetlab::tracking {

struct PushOptions {
  std::string sourceName = "tweetlab";  // mlflow.source.name
  bool registerModel = true;            // register model/ as a new version of a named model
  std::string registeredModel;          // empty -> "tweetlab-<family>"
};

struct PushOutcome {
  std::string mlflowRunId;
  std::string experimentId;
  std::string modelVersion;  // empty when no model was registered
  std::vector<std::string> notes;
};

struct MlflowRunRef {
  std::string runId;
  std::string experimentId;
  std::string artifactUri;  // may be empty when the run was already known; runs/get has it
};

// The MLflow run of a stored run: the one the store remembers, else the one carrying its
// tweetlab.run_id tag, else a new one (RUNNING, remembered in the store at once). Never a second.
MlflowRunRef ensureMlflowRun(RunStore& store, MlflowClient& client, const RunRecord& record,
                             const PushOptions& options = {});

// The run's tags as MLflow gets them: the record's plus tweetlab.run_id, mlflow.runName,
// mlflow.user and mlflow.source.*.
std::map<std::string, std::string> mlflowTags(const RunRecord& record,
                                              const PushOptions& options = {});

// The run's description in MLflow (tag mlflow.note.content): why it failed, then its notes.
std::string mlflowNote(const RunRecord& record);

// Pushes one run (it need not be queued). Throws MlflowError / IoError; progress made so far is
// kept in the queue entry when there is one.
PushOutcome pushRun(RunStore& store, MlflowClient& client, const std::string& runId,
                    const PushOptions& options = {});

struct SyncReport {
  int pushed = 0;
  int failed = 0;
  int waiting = 0;   // queued, but their back-off has not expired (and force was false)
  int notTried = 0;  // left queued because the server did not answer for an earlier run
  int training = 0;  // still RUNNING: their own process pushes them (live, then at the end)
  std::vector<std::string> errors;  // "<run id>: <message>"
};

// Pushes queued runs meant for client's tracking URI. force=false skips runs still in back-off;
// runs still RUNNING are left to their own process (counted as training).
// A failure is counted, recorded in the queue (attempts, error, next attempt) and does not stop
// the others, unless the server did not answer at all: then the rest stay queued untried, so a
// sync to a silent server costs one timeout, not one per run.
SyncReport syncPending(RunStore& store, MlflowClient& client, bool force = false,
                       const PushOptions& options = {});

// Back-off before the next automatic attempt: 30 s, 1 min, 2 min, ... at most 1 hour.
std::int64_t retryDelayMs(int attempts);

// The MLmodel file logged with model/ (TweetLab flavour; the bundle's manifest.json describes it).
std::string mlmodelYaml(const RunRecord& record);

}  // namespace tweetlab::tracking
