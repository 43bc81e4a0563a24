#pragma once
// The runs of an MLflow experiment, including runs trained on other machines, as the same
// RunRecord the local store gives: the Runs page and `tweetlab-cli runs remote` list, filter
// (RunQuery, applyQuery) and compare both alike. ROC and history curves stay with local runs
// (they come from local artifacts).
#include <string>
#include <vector>

#include "core/tracking/MlflowClient.h"
#include "core/tracking/RunQuery.h"
#include "core/tracking/RunRecord.h"

namespace tweetlab::tracking {

RunRecord recordFromMlflow(const MlflowRun& run);

// Blocks on the network: call from a worker thread. InputError when the experiment is unknown,
// HttpError/IoError when the server cannot be reached. `limit` 0 = every run.
std::vector<RunRecord> fetchRemoteRuns(const MlflowConfig& config, const std::string& experiment,
                                       std::size_t limit);

}  // namespace tweetlab::tracking
