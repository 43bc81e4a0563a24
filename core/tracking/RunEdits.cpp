#include "core/tracking/RunEdits.h"

#include <exception>

#include "core/common/Errors.h"
#include "core/tracking/MlflowPush.h"

namespace tweetlab::tracking {

void editMlflowRun(MlflowClient& client, const std::string& mlflowRunId, RunField field,
                   const std::string& text) {
  if (field == RunField::Name) {
    client.renameRun(mlflowRunId, text);
  } else {
    client.setTag(mlflowRunId, "mlflow.note.content", text);
  }
}

RunEditOutcome editRun(RunStore& store, const std::optional<MlflowConfig>& mlflow,
                       const std::string& runId, RunField field, const std::string& text) {
  if (field == RunField::Name && text.empty()) throw InputError("a run needs a name");
  RunEditOutcome out;
  out.local = field == RunField::Name ? store.rename(runId, text) : store.setNotes(runId, text);
  if (!out.local) return out;
  const auto record = store.get(runId);
  if (!record || record->mlflowRunId.empty()) return out;  // the push, if any, sends it later
  if (!mlflow || mlflow->trackingUri.empty()) {
    out.mlflowError = "no MLflow tracking URI is set";
    return out;
  }
  try {
    MlflowClient client(*mlflow);
    // The description MLflow shows is the one the push wrote: why the run failed, then the notes.
    editMlflowRun(client, record->mlflowRunId, field,
                  field == RunField::Name ? text : mlflowNote(*record));
    out.mlflow = true;
  } catch (const std::exception& e) {
    out.mlflowError = e.what();
  }
  return out;
}

}  // namespace tweetlab::tracking
