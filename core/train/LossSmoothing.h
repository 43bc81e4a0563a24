#pragma once
// Smoothing of a noisy training curve (per-batch loss), as TensorBoard's and W&B's smoothing
// slider does it: an exponential moving average whose weight the analyst picks, 0 = the raw
// curve, 0.99 = very smooth. The raw points are never replaced: the smoothed curve is computed
// from them, again whenever the weight changes.
//
// Debiased, as TensorBoard's: a plain EMA started at 0 bends the first points toward 0, and one
// started at the first value (what the live chart did with a fixed 0.95) lets one noisy first
// batch drag the curve for ~1/(1 - weight) points. Dividing by the weights' sum, 1 - weight^n,
// makes every smoothed point the weighted mean of the raw points so far (weight^age each), so
// the first smoothed point is the first raw point and the curve never leaves the raw range.
// Plain C++ in core/train, so any view of a training curve can use it; today the workbench's
// live history chart does (LossSmoother), and smoothLosses is the whole-curve form.
#include <cstddef>
#include <vector>

namespace tweetlab::train {

// Weights above this are clamped: at 1 the curve would never move from its first points.
inline constexpr double kMaxSmoothingWeight = 0.999;

// One point at a time, for a curve that grows while training runs.
class LossSmoother {
 public:
  explicit LossSmoother(double weight);

  // The smoothed value at this point. A NaN or infinite value passes through as itself and
  // leaves the average untouched (a diverged batch is shown, not smeared into the next ones).
  double add(double value);
  double weight() const { return weight_; }

 private:
  double weight_;
  double last_ = 0.0;         // the biased average
  double weightPower_ = 1.0;  // weight^n over the n finite points so far
};

// The smoothed curve of `raw`, point for point.
std::vector<double> smoothLosses(const std::vector<double>& raw, double weight);

}  // namespace tweetlab::train
