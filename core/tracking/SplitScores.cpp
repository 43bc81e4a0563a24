#include "core/tracking/SplitScores.h"

#include "core/eval/SetEvaluation.h"

namespace tweetlab::tracking {

std::string splitPartOf(const std::string& metricKey) {
  for (const char* key : {metric::kAccuracy, metric::kRocAuc, metric::kF1, metric::kPrecision,
                          metric::kRecall, metric::kLogLoss}) {
    if (metricKey == key) return "validation";
    if (metricKey == std::string("test_") + key) return "test";
  }
  return {};
}

std::string fewRowsWarning(const RunSummary& run, const std::string& metricKey) {
  const auto part = splitPartOf(metricKey);
  const auto rows = part == "validation" ? run.validationRows : part == "test" ? run.testRows : -1;
  if (rows < 0) return {};
  eval::BinaryMetrics scored;
  scored.count = static_cast<std::size_t>(rows);
  return eval::fewRowsWarning(scored);
}

}  // namespace tweetlab::tracking
