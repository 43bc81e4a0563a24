#pragma once
// Isotonic calibration: the non-decreasing step function of the score that best fits the labels
// (pool-adjacent-violators), stored as breakpoints and applied by linear interpolation between
// them, clipped at both ends (as scikit-learn's IsotonicRegression(out_of_bounds="clip")).
// Monotone by construction, so it never inverts the ranking; it can tie neighbouring scores.
#include <span>
#include <vector>

namespace tweetlab::calibration {

struct IsotonicMap {
  std::vector<double> x;  // strictly increasing scores
  std::vector<double> y;  // non-decreasing calibrated probabilities, same size
};

// InputError when a class is missing or there are fewer than 2 distinct scores.
IsotonicMap fitIsotonic(std::span<const double> scores, std::span<const int> labels);

double applyIsotonic(const IsotonicMap& map, double p);

// InputError unless x strictly increases, y never decreases and every y is in [0, 1].
void validate(const IsotonicMap& map);

}  // namespace tweetlab::calibration
