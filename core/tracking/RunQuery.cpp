#include "core/tracking/RunQuery.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/common/AsciiCase.h"
#include "core/common/Errors.h"

namespace tweetlab::tracking {
namespace {

// The sort key of one run: a string column, or a metric (absent and NaN both "missing").
struct SortKey {
  std::string text;
  double number = 0;
  bool missing = false;
};

SortKey sortKeyOf(const RunSummary& s, const std::string& by) {
  if (by == "start_time") return {{}, static_cast<double>(s.startTimeMs), false};
  if (by == "end_time") return {{}, static_cast<double>(s.endTimeMs), false};
  if (by == "run_name") return {s.runName, 0, false};
  if (by == "status") return {toString(s.status), 0, false};
  if (by == "model_family") return {s.modelFamily, 0, false};
  const auto it = s.metrics.find(by);
  if (it == s.metrics.end() || !std::isfinite(it->second)) return {{}, 0, true};
  return {{}, it->second, false};
}

}  // namespace

void addTagFilter(RunQuery& query, const std::string& keyEqualsValue) {
  const auto eq = keyEqualsValue.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("a tag filter reads KEY=VALUE, not '" + keyEqualsValue + "'");
  query.tags[keyEqualsValue.substr(0, eq)] = keyEqualsValue.substr(eq + 1);
}

bool matches(const RunRecord& r, const RunQuery& query) {
  if (!query.experiment.empty() && r.experiment != query.experiment) return false;
  if (!query.family.empty() && r.modelFamily() != query.family) return false;
  if (query.status && r.status != *query.status) return false;
  for (const auto& [key, value] : query.tags) {
    const auto it = r.tags.find(key);
    if (it == r.tags.end() || it->second != value) return false;
  }
  if (query.text.empty()) return true;
  const auto haystack = asciiLowered(r.runName + ' ' + r.modelFamily() + ' ' +
                                     tagValue(r, tag::kPreprocessing) + ' ' + r.id);
  return haystack.find(asciiLowered(query.text)) != std::string::npos;
}

RunSummary summaryOf(const RunRecord& r) {
  RunSummary s;
  s.id = r.id;
  s.experiment = r.experiment;
  s.runName = r.runName;
  s.status = r.status;
  s.startTimeMs = r.startTimeMs;
  s.endTimeMs = r.endTimeMs;
  s.modelFamily = r.modelFamily();
  s.preprocessing = tagValue(r, tag::kPreprocessing);
  s.metrics = r.metrics;
  s.tags = r.tags;
  s.error = r.error;
  s.notes = r.notes;
  s.mlflowRunId = r.mlflowRunId;
  describeData(s, r.params);
  s.hasBundle = std::any_of(r.artifacts.begin(), r.artifacts.end(),
                            [](const Artifact& a) { return a.path == "model/manifest.json"; });
  return s;
}

void describeData(RunSummary& s, const std::map<std::string, std::string>& params) {
  const auto param = [&](const char* key) {
    const auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
  };
  const auto rows = [&](const char* key) -> std::int64_t {
    const auto text = param(key);
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    return text.empty() || *end != '\0' || value < 0 ? -1 : value;
  };
  auto path = param("data.path");
  if (path.empty()) {
    const auto tag = s.tags.find("tweetlab.dataset_path");
    if (tag != s.tags.end()) path = tag->second;
  }
  s.dataSource = std::filesystem::path(path).filename().string();
  s.trainRows = rows("data.train_rows");
  s.validationRows = rows("data.val_rows");
  s.testRows = rows("data.test_rows");
}

std::vector<RunSummary> applyQuery(const std::vector<RunRecord>& records, const RunQuery& query) {
  std::vector<RunSummary> out;
  for (const auto& r : records) {
    if (matches(r, query)) out.push_back(summaryOf(r));
  }
  std::stable_sort(out.begin(), out.end(), [&](const RunSummary& a, const RunSummary& b) {
    const auto ka = sortKeyOf(a, query.sortBy);
    const auto kb = sortKeyOf(b, query.sortBy);
    if (ka.missing != kb.missing) return kb.missing;  // missing values last, either direction
    if (!ka.missing) {
      if (ka.text != kb.text) return query.descending ? kb.text < ka.text : ka.text < kb.text;
      if (ka.number != kb.number)
        return query.descending ? kb.number < ka.number : ka.number < kb.number;
    }
    if (a.startTimeMs != b.startTimeMs) return a.startTimeMs > b.startTimeMs;
    return a.id < b.id;
  });
  const std::size_t begin = std::min(query.offset, out.size());
  const std::size_t end = query.limit > 0 ? std::min(out.size(), begin + query.limit) : out.size();
  return {std::make_move_iterator(out.begin() + static_cast<std::ptrdiff_t>(begin)),
          std::make_move_iterator(out.begin() + static_cast<std::ptrdiff_t>(end))};
}

}  // namespace tweetlab::tracking
