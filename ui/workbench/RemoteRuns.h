#pragma once
// The Runs page's second source: the runs of the configured MLflow experiment, including runs
// trained on other machines. They become the same RunRecord/RunSummary the local store gives, so
// the table, the metrics chart and the parameter diff treat both alike; ROC and history curves
// stay with local runs (they come from local artifacts).
#include <map>
#include <string>
#include <vector>

#include "core/tracking/MlflowClient.h"
#include "core/tracking/RunRecord.h"
#include "core/tracking/RunStore.h"

namespace tweetlab::ui {

tracking::RunRecord recordFromMlflow(const tracking::MlflowRun& run);
tracking::RunSummary summaryOf(const tracking::RunRecord& record);
// The filters of the Runs page (text in name/family/preprocessing, family, status) on a record.
bool matches(const tracking::RunRecord& record, const tracking::RunQuery& query);

// Blocks on the network: call from a worker thread. InputError when the experiment is unknown,
// HttpError/IoError when the server cannot be reached.
std::vector<tracking::RunRecord> fetchRemoteRuns(const tracking::MlflowConfig& config,
                                                 const std::string& experiment, std::size_t limit);

}  // namespace tweetlab::ui
