#include "ui/workbench/RemoteRuns.h"

#include <algorithm>
#include <cctype>

#include "core/common/Errors.h"

namespace tweetlab::ui {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string tagOr(const tracking::RunRecord& r, const char* key) {
  const auto it = r.tags.find(key);
  return it == r.tags.end() ? std::string() : it->second;
}

}  // namespace

tracking::RunRecord recordFromMlflow(const tracking::MlflowRun& run) {
  tracking::RunRecord r;
  r.id = run.info.runId;  // MLflow ids have the local ids' shape: the table needs no special case
  r.runName = run.info.runName;
  try {
    r.status = tracking::runStatusFromString(run.info.status);
  } catch (const std::exception&) {
    r.status = tracking::RunStatus::Failed;  // SCHEDULED or a future status: not a usable run
  }
  r.startTimeMs = run.info.startTime;
  r.endTimeMs = run.info.endTime;
  r.params = run.params;
  r.metrics = run.metrics;
  r.tags = run.tags;
  r.mlflowRunId = run.info.runId;
  r.mlflowExperimentId = run.info.experimentId;
  return r;
}

tracking::RunSummary summaryOf(const tracking::RunRecord& r) {
  tracking::RunSummary s;
  s.id = r.id;
  s.experiment = r.experiment;
  s.runName = r.runName;
  s.status = r.status;
  s.startTimeMs = r.startTimeMs;
  s.endTimeMs = r.endTimeMs;
  s.modelFamily = r.modelFamily();
  s.preprocessing = tagOr(r, tracking::tag::kPreprocessing);
  s.metrics = r.metrics;
  s.error = r.error;
  s.mlflowRunId = r.mlflowRunId;
  return s;
}

bool matches(const tracking::RunRecord& r, const tracking::RunQuery& query) {
  if (!query.family.empty() && r.modelFamily() != query.family) return false;
  if (query.status && r.status != *query.status) return false;
  if (query.text.empty()) return true;
  const auto haystack = lower(r.runName + ' ' + r.modelFamily() + ' ' +
                              tagOr(r, tracking::tag::kPreprocessing) + ' ' + r.id);
  return haystack.find(lower(query.text)) != std::string::npos;
}

std::vector<tracking::RunRecord> fetchRemoteRuns(const tracking::MlflowConfig& config,
                                                 const std::string& experiment, std::size_t limit) {
  tracking::MlflowClient client(config);
  const auto id = client.findExperiment(experiment);
  if (!id) throw InputError("no MLflow experiment '" + experiment + "' at " + config.trackingUri);
  std::vector<tracking::RunRecord> out;
  for (const auto& run : client.searchAllRuns({*id}, "", limit)) {
    out.push_back(recordFromMlflow(run));
    out.back().experiment = experiment;
  }
  return out;
}

}  // namespace tweetlab::ui
