#pragma once
// How well P(positive) means what it says: reliability bins (the points of a reliability
// diagram), expected calibration error and Brier score. A model whose scores rank well (high AUC)
// can still be badly calibrated on another domain; these numbers show it and `calibrate` fixes it.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

namespace tweetlab::eval {

// One equal-width bin of P(positive): [lower, upper), the last bin closed at 1.
struct ReliabilityBin {
  double lower = 0.0;
  double upper = 0.0;
  std::size_t count = 0;
  double meanScore = 0.0;     // mean P(positive) of the rows in the bin (NaN when empty)
  double positiveRate = 0.0;  // share of those rows labelled positive (NaN when empty)
};

struct Reliability {
  std::vector<ReliabilityBin> bins;
  // Sum over bins of (count / n) * |positiveRate - meanScore| (NaN for no rows). Binned on
  // P(positive), as scikit-learn's calibration_curve, so it speaks about the positive class's
  // probability whatever the threshold.
  double expectedCalibrationError = 0.0;
  // Mean squared difference between P(positive) and the 0/1 label (NaN for no rows).
  double brier = 0.0;
  std::size_t count = 0;
};

double brierScore(std::span<const int> labels, std::span<const double> scores);

// `binCount` equal-width bins over [0, 1]; InputError when sizes differ or binCount is 0.
Reliability reliability(std::span<const int> labels, std::span<const double> scores,
                        std::size_t binCount = 10);

// {"ece", "brier", "bins": [{"lower", "upper", "count", "mean_score", "positive_rate"}]}
nlohmann::json toJson(const Reliability& r);

}  // namespace tweetlab::eval
