#include "core/tracking/RemoteRuns.h"

#include "core/common/Errors.h"

namespace tweetlab::tracking {

RunRecord recordFromMlflow(const MlflowRun& run) {
  RunRecord r;
  r.id = run.info.runId;  // MLflow ids have the local ids' shape: the table needs no special case
  r.runName = run.info.runName;
  try {
    r.status = runStatusFromString(run.info.status);
  } catch (const std::exception&) {
    r.status = RunStatus::Failed;  // SCHEDULED or a future status: not a usable run
  }
  r.startTimeMs = run.info.startTime;
  r.endTimeMs = run.info.endTime;
  r.params = run.params;
  r.metrics = run.metrics;
  r.tags = run.tags;
  // The description the MLflow UI shows (and the Runs page edits as the run's notes).
  if (const auto note = run.tags.find("mlflow.note.content"); note != run.tags.end())
    r.notes = note->second;
  r.mlflowRunId = run.info.runId;
  r.mlflowExperimentId = run.info.experimentId;
  return r;
}

std::vector<RunRecord> fetchRemoteRuns(const MlflowConfig& config, const std::string& experiment,
                                       std::size_t limit) {
  MlflowClient client(config);
  const auto id = client.findExperiment(experiment);
  if (!id) throw InputError("no MLflow experiment '" + experiment + "' at " + config.trackingUri);
  std::vector<RunRecord> out;
  for (const auto& run : client.searchAllRuns({*id}, "", limit)) {
    out.push_back(recordFromMlflow(run));
    out.back().experiment = experiment;
  }
  return out;
}

}  // namespace tweetlab::tracking
