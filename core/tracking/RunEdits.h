#pragma once
// Renaming a run and writing its notes, wherever the run lives. The local store keeps the edit
// first, so a failed push never loses it; a run that is also in MLflow gets it there too:
// runs/update with run_name plus the tag mlflow.runName for the name, and the tag
// mlflow.note.content (what the MLflow UI shows as the run's description) for the notes.
// Shared by the Runs page and `tweetlab-cli runs rename / note`. Blocks on the network: call it
// from a worker thread.
#include <optional>
#include <string>

#include "core/tracking/MlflowClient.h"
#include "core/tracking/RunStore.h"

namespace tweetlab::tracking {

enum class RunField { Name, Notes };

struct RunEditOutcome {
  bool local = false;       // the local store had the run: the edit is kept there
  bool mlflow = false;      // MLflow has the edit too
  std::string mlflowError;  // why a pushed run's MLflow twin did not get it ("" otherwise)
};

// A run of the local store. MLflow is asked when the run was pushed (its record knows its MLflow
// run id): with `mlflow`'s server, or not at all when there is none (said in mlflowError).
// Throws only when the store cannot be written; InputError for an empty name.
RunEditOutcome editRun(RunStore& store, const std::optional<MlflowConfig>& mlflow,
                       const std::string& runId, RunField field, const std::string& text);

// A run only MLflow has (listed from the server): the edit goes there alone. Throws MlflowError.
void editMlflowRun(MlflowClient& client, const std::string& mlflowRunId, RunField field,
                   const std::string& text);

}  // namespace tweetlab::tracking
