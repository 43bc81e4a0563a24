#pragma once
// Where to cut P(positive): the threshold that maximises balanced accuracy or F1 on labelled
// target tweets, or a number the user gives. The chosen cut sits half way between the two
// neighbouring scores, so a tweet scored like one of the labelled ones is not on a knife edge.
#include <optional>
#include <span>
#include <string>

namespace tweetlab::calibration {

enum class ThresholdPolicy { Fixed, Balanced, F1 };

struct ThresholdRule {
  ThresholdPolicy policy = ThresholdPolicy::Fixed;
  double value = 0.5;  // for Fixed
  // "balanced", "f1" or a number in (0, 1); InputError otherwise.
  static ThresholdRule parse(const std::string& text);
  std::string toString() const;
};

// Fixed -> its value; Balanced/F1 -> the best cut on (scores, labels). InputError when a
// labelled policy has no labels or only one class.
double chooseThreshold(const ThresholdRule& rule, std::span<const double> scores,
                       std::span<const int> labels);

}  // namespace tweetlab::calibration
