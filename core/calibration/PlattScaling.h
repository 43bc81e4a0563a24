#pragma once
// Platt scaling: P'(positive) = sigmoid(a * logit(p) + b), fitted by Newton's method on the
// labelled tweets' log loss with Platt's smoothed targets ((n+ + 1) / (n+ + 2) and 1 / (n- + 2)),
// so a small or separable set does not push the map to 0/1. With a > 0 the map is strictly
// increasing: the ranking (and the AUC) is kept.
#include <span>

namespace tweetlab::calibration {

struct PlattParams {
  double a = 1.0;
  double b = 0.0;
};

// Throws InputError when a class is missing, or when the fitted slope is not positive (the scores
// rank these tweets backwards or not at all: calibrating them would invert the model).
PlattParams fitPlatt(std::span<const double> scores, std::span<const int> labels);

double applyPlatt(const PlattParams& params, double p);

// log(p / (1 - p)) with p clipped to [1e-12, 1 - 1e-12].
double logit(double p);
double sigmoid(double z);

}  // namespace tweetlab::calibration
