#pragma once
// Which runs to list and in what order, whatever holds them: the local store answers a RunQuery
// in SQL (RunStore::list), the runs fetched from an MLflow experiment are filtered and sorted here
// with the same meaning (applyQuery), so the Runs page and `tweetlab-cli runs list/remote` show
// the same runs for the same filter.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/tracking/RunRecord.h"

namespace tweetlab::tracking {

struct RunQuery {
  std::string experiment;  // empty = all
  std::string family;      // model family; empty = all
  std::optional<RunStatus> status;
  std::string text;  // substring (any case) of run name, family, preprocessing or id
  // Every tag listed must be present with exactly this value ("tweetlab.embedding" = "glove").
  std::map<std::string, std::string> tags;
  // "start_time" (default), "end_time", "run_name", "status", "model_family", or any metric name
  // ("accuracy").
  std::string sortBy = "start_time";
  bool descending = true;  // runs without the metric (or with NaN) always come last
  std::size_t limit = 0;   // 0 = no limit
  std::size_t offset = 0;
};

// One row of the Runs page: enough to list, filter, sort and compare without loading history.
struct RunSummary {
  std::string id;
  std::string experiment;
  std::string runName;
  RunStatus status = RunStatus::Running;
  std::int64_t startTimeMs = 0;
  std::int64_t endTimeMs = 0;
  std::string modelFamily;
  std::string preprocessing;
  std::map<std::string, double> metrics;
  std::map<std::string, std::string> tags;
  std::string error;
  std::string notes;
  std::string mlflowRunId;
  bool pushPending = false;
  // What the run learned from, to spot a run on the wrong file or an empty split: the dataset's
  // file name and each split's row count (params data.path, data.train_rows, data.val_rows,
  // data.test_rows); "" and -1 when the run did not record them (it failed before the split).
  std::string dataSource;
  std::int64_t trainRows = -1;
  std::int64_t validationRows = -1;
  std::int64_t testRows = -1;
  bool hasBundle = false;  // a model bundle was kept (artifact model/manifest.json)
};

// "key=value" (as given to `--tag`) into the query's tag filter; InputError without '='.
void addTagFilter(RunQuery& query, const std::string& keyEqualsValue);

bool matches(const RunRecord& record, const RunQuery& query);
RunSummary summaryOf(const RunRecord& record);
// Sets the data source and split rows of `summary` from the run's params (the dataset path tag
// when the params lack it). Shared by summaryOf and RunStore::list.
void describeData(RunSummary& summary, const std::map<std::string, std::string>& params);
// Filters, sorts (ties: newest first, then id) and pages `records` as RunStore::list would.
std::vector<RunSummary> applyQuery(const std::vector<RunRecord>& records, const RunQuery& query);

}  // namespace tweetlab::tracking
