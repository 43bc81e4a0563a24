#include "core/train/LossSmoothing.h"

#include <algorithm>
#include <cmath>

namespace tweetlab::train {

LossSmoother::LossSmoother(double weight)
    : weight_(std::isfinite(weight) ? std::clamp(weight, 0.0, kMaxSmoothingWeight) : 0.0) {}

double LossSmoother::add(double value) {
  if (!std::isfinite(value)) return value;
  last_ = weight_ * last_ + (1.0 - weight_) * value;
  weightPower_ *= weight_;
  return last_ / (1.0 - weightPower_);
}

std::vector<double> smoothLosses(const std::vector<double>& raw, double weight) {
  LossSmoother smoother(weight);
  std::vector<double> smoothed;
  smoothed.reserve(raw.size());
  for (double value : raw) smoothed.push_back(smoother.add(value));
  return smoothed;
}

}  // namespace tweetlab::train
