// The smoothing of the per-batch loss curve (train::LossSmoother), checked against its
// definition: each smoothed point is the mean of the raw points so far, weighted weight^age.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/train/LossSmoothing.h"

namespace tweetlab::train {
namespace {

// The definition, written out as a sum rather than the smoother's recurrence.
double weightedMeanSoFar(const std::vector<double>& raw, std::size_t last, double weight) {
  double sum = 0.0, weights = 0.0;
  for (std::size_t i = 0; i <= last; ++i) {
    const double w = std::pow(weight, static_cast<double>(last - i));
    sum += w * raw[i];
    weights += w;
  }
  return sum / weights;
}

std::vector<double> noisyLosses(std::size_t n) {
  std::mt19937 random(7);
  std::normal_distribution<double> noise(0.0, 0.15);
  std::vector<double> raw;
  for (std::size_t i = 0; i < n; ++i)
    raw.push_back(0.7 * std::exp(-static_cast<double>(i) / 40.0) + 0.2 + noise(random));
  return raw;
}

TEST(LossSmoothing, EachPointIsTheWeightedMeanOfTheRawPointsSoFar) {
  const auto raw = noisyLosses(120);
  for (double weight : {0.3, 0.6, 0.9, 0.99}) {
    const auto smoothed = smoothLosses(raw, weight);
    ASSERT_EQ(smoothed.size(), raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i)
      EXPECT_NEAR(smoothed[i], weightedMeanSoFar(raw, i, weight), 1e-9) << weight << " @" << i;
  }
}

TEST(LossSmoothing, WeightZeroIsTheRawCurveAndTheFirstPointIsNeverBiased) {
  const auto raw = noisyLosses(30);
  EXPECT_EQ(smoothLosses(raw, 0.0), raw);
  // Debiased: the first smoothed point is the first raw point, not a fraction of it.
  for (double weight : {0.5, 0.95, 0.999}) EXPECT_DOUBLE_EQ(smoothLosses(raw, weight)[0], raw[0]);
}

TEST(LossSmoothing, AHeavierWeightGivesASmootherCurveThatStaysInTheRawRange) {
  const auto raw = noisyLosses(200);
  const auto roughness = [](const std::vector<double>& curve) {
    double total = 0.0;
    for (std::size_t i = 1; i < curve.size(); ++i) total += std::abs(curve[i] - curve[i - 1]);
    return total;
  };
  const auto light = smoothLosses(raw, 0.5);
  const auto heavy = smoothLosses(raw, 0.95);
  EXPECT_LT(roughness(light), roughness(raw));
  EXPECT_LT(roughness(heavy), roughness(light));
  const auto [lowest, highest] = std::minmax_element(raw.begin(), raw.end());
  for (double v : heavy) {
    EXPECT_GE(v, *lowest);
    EXPECT_LE(v, *highest);
  }
}

TEST(LossSmoothing, ANonFiniteLossIsShownAsItselfAndLeavesTheAverageAlone) {
  const double nan = std::nan("");
  const auto smoothed = smoothLosses({0.8, nan, 0.4, INFINITY, 0.6}, 0.5);
  EXPECT_TRUE(std::isnan(smoothed[1]));
  EXPECT_TRUE(std::isinf(smoothed[3]));
  const std::vector<double> finite{0.8, 0.4, 0.6};
  EXPECT_NEAR(smoothed[2], weightedMeanSoFar(finite, 1, 0.5), 1e-12);
  EXPECT_NEAR(smoothed[4], weightedMeanSoFar(finite, 2, 0.5), 1e-12);
}

TEST(LossSmoothing, AWeightOfOneOrMoreIsClampedSoTheCurveStillMoves) {
  LossSmoother smoother(1.0);
  EXPECT_DOUBLE_EQ(smoother.weight(), kMaxSmoothingWeight);
  const double first = smoother.add(1.0);
  EXPECT_LT(smoother.add(0.0), first);
  EXPECT_DOUBLE_EQ(LossSmoother(-0.5).weight(), 0.0);
  EXPECT_DOUBLE_EQ(LossSmoother(std::nan("")).weight(), 0.0);
}

}  // namespace
}  // namespace tweetlab::train
