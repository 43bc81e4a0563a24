#pragma once
// Turns what an experiment produced (or had produced when it failed) into a RunRecord: flattened
// params, the tracked metrics, the per-epoch history as stepped metrics, and the standard tags.
#include <map>
#include <string>

#include "core/experiment/Experiment.h"
#include "core/tracking/RunRecord.h"

namespace tweetlab::tracking {

// {"a": {"b": 1, "c": [1, 2]}} -> {"a.b": "1", "a.c": "[1,2]"}; strings unquoted.
std::map<std::string, std::string> flattenParams(const nlohmann::json& j,
                                                 const std::string& prefix = {});

// History rows -> stepped metrics train_loss, train_accuracy, val_loss, val_accuracy (and
// train_auc, val_auc, learning_rate when known; RunRecord.h's history:: names); step = epoch
// (1..N), timestamps spread by each epoch's wall time.
std::vector<MetricPoint> historyPoints(const train::History& history, std::int64_t startTimeMs);

// Fields every record gets from its spec: run name, spec JSON, params, tags (family,
// preprocessing, embedding, dataset path, code version, library versions, host, threads).
void describeSpec(RunRecord& record, const experiment::ExperimentSpec& spec);

// Final metrics (accuracy, roc_auc, f1, precision, recall, log_loss, fit_time_s, predict_time_s,
// predict_ms_per_tweet, test_*), fitted params, dataset digest tag and history.
void describeResult(RunRecord& record, const experiment::ExperimentResult& result);

// Versions of the libraries this build uses (sqlite, liblinear, json, httplib, compiler).
std::map<std::string, std::string> libraryVersionTags();

}  // namespace tweetlab::tracking
