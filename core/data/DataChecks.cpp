#include "core/data/DataChecks.h"

#include <algorithm>
#include <string>
#include <vector>

namespace tweetlab::data {
namespace {

// "'happy' (3000), 'sad' (2000)": the most frequent label values that were not understood.
std::string unknownLabels(const LoadReport& report, const ReadOptions& options) {
  std::vector<std::pair<std::string, std::size_t>> unknown;
  for (const auto& [value, count] : report.labelValues) {
    if (mapLabel(value, options) == kUnknownLabel) unknown.emplace_back(value, count);
  }
  std::sort(unknown.begin(), unknown.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (std::size_t i = 0; i < unknown.size() && i < 5; ++i) {
    out += (out.empty() ? "'" : ", '") + unknown[i].first + "' (" +
           std::to_string(unknown[i].second) + ")";
  }
  if (unknown.size() > 5) out += ", ...";
  return out;
}

}  // namespace

void requireUsableRows(const LoadResult& loaded) {
  if (!loaded.dataset.empty()) return;
  const auto& r = loaded.report;
  std::string message = r.file.filename().string() + ": no usable rows (" +
                        std::to_string(r.rowsRead) + " read, " + std::to_string(r.skippedCount) +
                        " skipped, " + std::to_string(r.neutralDropped) + " neutral dropped).";
  ReadOptions defaults;  // the report's values were read with the caller's map: list what the
                         // default reading does not know either
  const auto labels = unknownLabels(r, defaults);
  if (!labels.empty()) {
    message += " Labels not understood: " + labels +
               ". Map them to positive or negative (the Data page's label mapping, "
               "--label-map VALUE=positive, or label_map in a spec).";
  } else if (!r.skipped.empty()) {
    message += " First skipped row, line " + std::to_string(r.skipped.front().line) + ": " +
               r.skipped.front().reason + ".";
  }
  throw UnusableDataError(message, r);
}

void requireUsableSplit(const DatasetSplit& split) {
  const auto check = [](const Dataset& part, const char* name, double share, bool required) {
    if (share <= 0 && !required) return;  // asked for no such part
    const auto counts = part.labelCounts();
    if (counts[0] > 0 && counts[1] > 0) return;
    std::string problem = part.empty()
                              ? std::string("is empty")
                              : "has only " + std::string(counts[0] > 0 ? "negative" : "positive") +
                                    " tweets (" + std::to_string(part.size()) + ")";
    throw InputError(std::string("the ") + name + " part " + problem +
                     ": its accuracy and AUC would mean nothing. Use more data (a larger "
                     "sample, or all rows) or a larger " +
                     name + " share.");
  };
  check(split.train, "training", split.ratios.train, true);
  check(split.val, "validation", split.ratios.val, false);
  check(split.test, "test", split.ratios.test, false);
}

}  // namespace tweetlab::data
