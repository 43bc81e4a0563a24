#pragma once
// One model scored on one named evaluation set ("target", "airline", ...): the metrics at a
// threshold, the calibration numbers, and the reasons any number is missing or unreliable. The
// CLI's evaluate, the tracked runs (metrics "<name>_accuracy", ...) and the GUI all use it, so
// none of them shows a number that means nothing: a set with one class gets no AUC, balanced
// accuracy or macro-F1, and a set with fewer than kFewRows rows is flagged.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "core/eval/Metrics.h"
#include "core/eval/Reliability.h"

namespace tweetlab::eval {

// Fewer rows than this and a rate moves by more than 3 points per row: flagged as unreliable.
inline constexpr std::size_t kFewRows = 30;

// Why scores over `part`'s rows say little, or "" when they do not: "only 14 rows: each row
// moves a rate by 7 points, too few to compare models on". An empty part (a split share of 0)
// gets "" too: it has no scores to flag. Evaluation sets, the CLI's split scores and tracked runs
// (tag tweetlab.split.warnings) all say it in these words.
std::string fewRowsWarning(const BinaryMetrics& part);

struct SetEvaluation {
  std::string name;
  BinaryMetrics metrics;  // at metrics.threshold
  Reliability reliability;
  std::vector<std::string> warnings;  // what is left out or unreliable, and why

  bool oneClass() const;
  bool tiny() const { return metrics.count < kFewRows; }
  // "<name>_accuracy", "<name>_balanced_accuracy", "<name>_roc_auc", "<name>_ece", ...,
  // "<name>_rows": only the numbers that mean something for this set.
  std::map<std::string, double> trackedMetrics() const;
  nlohmann::json toJson() const;
};

// Throws InputError when the set is empty or sizes differ.
SetEvaluation evaluateSet(const std::string& name, std::span<const int> labels,
                          std::span<const double> scores, double threshold = 0.5);

// A set name must be a metric-name prefix: lower-case letters, digits and '_', starting with a
// letter, and not one TweetLab already uses for its own metrics (val, test, train). InputError.
void validateSetName(const std::string& name);

}  // namespace tweetlab::eval
