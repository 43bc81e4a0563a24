#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/calibration/Calibration.h"
#include "core/common/Errors.h"
#include "core/eval/Reliability.h"

namespace tweetlab::calibration {
namespace {

// Scores of a model that ranks well but is over-confident and shifted, as Sentiment140 models are
// on other domains: the true P(+|s) is sigmoid(0.5 * logit(s) - 1).
struct Synthetic {
  std::vector<double> scores;
  std::vector<int> labels;
};

Synthetic overconfident(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Synthetic s;
  for (std::size_t i = 0; i < n; ++i) {
    const double score = 0.02 + 0.96 * uniform(rng);
    const double truth = sigmoid(0.5 * logit(score) - 1.0);
    s.scores.push_back(score);
    s.labels.push_back(uniform(rng) < truth ? 1 : 0);
  }
  return s;
}

void expectNonDecreasing(const Calibration& c) {
  double previous = -1.0;
  for (int i = 0; i <= 1000; ++i) {
    const double p = c.apply(i / 1000.0);
    EXPECT_GE(p, previous) << "at " << i / 1000.0;
    EXPECT_GE(p, 0.0);
    EXPECT_LE(p, 1.0);
    previous = p;
  }
}

TEST(Platt, RecoversTheTrueMap) {
  const auto data = overconfident(20000, 1);
  const auto params = fitPlatt(data.scores, data.labels);
  EXPECT_NEAR(params.a, 0.5, 0.05);
  EXPECT_NEAR(params.b, -1.0, 0.06);
}

TEST(Platt, RefusesScoresThatRankBackwards) {
  auto data = overconfident(2000, 2);
  for (auto& label : data.labels) label = 1 - label;
  EXPECT_THROW(fitPlatt(data.scores, data.labels), InputError);
}

TEST(Platt, NeedsBothClasses) {
  const std::vector<double> scores{0.2, 0.7};
  const std::vector<int> labels{1, 1};
  EXPECT_THROW(fitPlatt(scores, labels), InputError);
}

TEST(Isotonic, PoolsAdjacentViolatorsByHand) {
  // Sorted by score: labels 0 1 0 1 1 -> blocks {0}, {1,0} pooled to 0.5, {1}, {1}: the last two
  // are equal, kept as one value 1.
  const std::vector<double> scores{0.1, 0.3, 0.4, 0.6, 0.8};
  const std::vector<int> labels{0, 1, 0, 1, 1};
  const auto map = fitIsotonic(scores, labels);
  EXPECT_DOUBLE_EQ(applyIsotonic(map, 0.1), 0.0);
  EXPECT_DOUBLE_EQ(applyIsotonic(map, 0.3), 0.5);
  EXPECT_DOUBLE_EQ(applyIsotonic(map, 0.4), 0.5);
  EXPECT_DOUBLE_EQ(applyIsotonic(map, 0.6), 1.0);
  EXPECT_DOUBLE_EQ(applyIsotonic(map, 0.2), 0.25);  // interpolated between 0.1 and 0.3
  EXPECT_DOUBLE_EQ(applyIsotonic(map, 0.0), 0.0);   // clipped below
  EXPECT_DOUBLE_EQ(applyIsotonic(map, 0.95), 1.0);  // clipped above
  EXPECT_NO_THROW(validate(map));
}

TEST(Isotonic, EqualScoresGetOneValue) {
  const std::vector<double> scores{0.5, 0.5, 0.5, 0.9};
  const std::vector<int> labels{1, 0, 0, 1};
  const auto map = fitIsotonic(scores, labels);
  EXPECT_NEAR(applyIsotonic(map, 0.5), 1.0 / 3.0, 1e-12);
}

TEST(Isotonic, ValidateRejectsAMapThatDecreases) {
  EXPECT_THROW(validate(IsotonicMap{{0.1, 0.5}, {0.8, 0.2}}), InputError);
  EXPECT_THROW(validate(IsotonicMap{{0.5, 0.5}, {0.1, 0.2}}), InputError);
  EXPECT_THROW(validate(IsotonicMap{{0.1, 0.5}, {0.1, 1.5}}), InputError);
}

TEST(PriorShift, EmFindsTheTargetPrior) {
  // Class-conditional scores x ~ N(+1, 1) / N(-1, 1): the posterior under equal priors is
  // sigmoid(2x). A pool with 20% positives must come out near 0.2.
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::bernoulli_distribution positive(0.2);
  std::vector<double> posteriors;
  std::size_t positives = 0;
  for (int i = 0; i < 20000; ++i) {
    const bool y = positive(rng);
    positives += y ? 1 : 0;
    posteriors.push_back(sigmoid(2.0 * ((y ? 1.0 : -1.0) + noise(rng))));
  }
  const auto estimate = estimateTargetPrior(posteriors, 0.5);
  EXPECT_TRUE(estimate.converged);
  EXPECT_NEAR(estimate.targetPrior, static_cast<double>(positives) / 20000.0, 0.02);
  // Averaging the unadjusted posteriors is biased towards 0.5; EM is what corrects it.
  double mean = 0;
  for (double p : posteriors) mean += p;
  mean /= static_cast<double>(posteriors.size());
  EXPECT_GT(std::abs(mean - 0.2), std::abs(estimate.targetPrior - 0.2) + 0.03);
}

TEST(PriorShift, AdjustmentIsIdentityForTheSamePriorAndMonotone) {
  EXPECT_DOUBLE_EQ(adjustToPrior(0.3, 0.5, 0.5), 0.3);
  EXPECT_NEAR(adjustToPrior(0.5, 0.5, 0.2), 0.2, 1e-12);
  EXPECT_LT(adjustToPrior(0.4, 0.5, 0.2), adjustToPrior(0.41, 0.5, 0.2));
}

TEST(Threshold, BalancedAndF1PickTheBestCut) {
  // Scores high to low: + + - + - - -: the balanced cut keeps the top 4 (recall 1, spec 3/4).
  const std::vector<double> scores{0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2};
  const std::vector<int> labels{1, 1, 0, 1, 0, 0, 0};
  const double t = chooseThreshold(ThresholdRule::parse("balanced"), scores, labels);
  EXPECT_DOUBLE_EQ(t, 0.5);  // half way between 0.6 and 0.4
  const double f = chooseThreshold(ThresholdRule::parse("f1"), scores, labels);
  EXPECT_DOUBLE_EQ(f, 0.5);
  EXPECT_DOUBLE_EQ(chooseThreshold(ThresholdRule::parse("0.7"), scores, labels), 0.7);
  EXPECT_THROW(ThresholdRule::parse("1.5"), InputError);
  EXPECT_THROW(ThresholdRule::parse("best"), InputError);
}

TEST(Calibration, HalvesEceAndStaysMonotoneForBothMethods) {
  const auto fit = overconfident(4000, 4);
  const auto heldOut = overconfident(4000, 5);
  const double before = eval::reliability(heldOut.labels, heldOut.scores).expectedCalibrationError;
  for (auto method : {Method::Platt, Method::Isotonic}) {
    CalibrationInput in;
    in.method = method;
    in.labelledScores = fit.scores;
    in.labels = fit.labels;
    const auto c = fitCalibration(in);
    const auto calibrated = c.apply(heldOut.scores);
    const double after = eval::reliability(heldOut.labels, calibrated).expectedCalibrationError;
    EXPECT_LT(after, before / 2.0) << toString(method);
    expectNonDecreasing(c);
    EXPECT_TRUE(c.report.contains("before"));
    EXPECT_EQ(c.thresholdRule, "balanced");
  }
}

TEST(Calibration, JsonRoundTripAppliesIdentically) {
  const auto fit = overconfident(2000, 6);
  const std::vector<double> pool(fit.scores.begin(), fit.scores.begin() + 500);
  CalibrationInput in;
  in.method = Method::Isotonic;
  in.labelledScores = fit.scores;
  in.labels = fit.labels;
  in.unlabelledScores = pool;
  in.labelledInfo = {{"digest", "abc"}};
  const auto c = fitCalibration(in);
  ASSERT_TRUE(c.prior.has_value());
  const auto back = Calibration::fromJson(nlohmann::json::parse(c.toJson().dump()));
  EXPECT_EQ(back.threshold, c.threshold);
  for (double p : {0.0, 0.13, 0.5, 0.77, 1.0}) EXPECT_EQ(back.apply(p), c.apply(p));
  EXPECT_EQ(back.data["labelled"]["digest"], "abc");
  expectNonDecreasing(back);
}

TEST(Calibration, FromJsonRefusesAMapThatIsNotMonotone) {
  nlohmann::json j = {{"map", {{"method", "platt"}, {"a", -1.0}, {"b", 0.0}}}, {"threshold", 0.5}};
  EXPECT_THROW(Calibration::fromJson(j), InputError);
  j = {{"map", {{"method", "isotonic"}, {"x", {0.1, 0.9}}, {"y", {0.9, 0.1}}}}, {"threshold", 0.5}};
  EXPECT_THROW(Calibration::fromJson(j), InputError);
  j = {{"map", {{"method", "none"}}}, {"threshold", 0.5}, {"prior_shift", {{"source", 0.5}}}};
  EXPECT_THROW(Calibration::fromJson(j), InputError);
}

TEST(Calibration, UnlabelledOnlyMovesThePriorAndCutsAtIt) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> pool;
  for (int i = 0; i < 5000; ++i) {
    const bool y = i % 4 == 0;  // 25% positive
    pool.push_back(sigmoid(2.0 * ((y ? 1.0 : -1.0) + noise(rng))));
  }
  CalibrationInput in;
  in.method = Method::None;
  in.unlabelledScores = pool;
  in.sourcePrior = 0.5;
  const auto c = fitCalibration(in);
  ASSERT_TRUE(c.prior.has_value());
  EXPECT_NEAR(c.prior->targetPrior, 0.25, 0.03);
  EXPECT_EQ(c.thresholdRule, "prior");
  EXPECT_DOUBLE_EQ(c.threshold, c.prior->targetPrior);
  // A map needs labels; so does the F1 rule.
  in.method = Method::Platt;
  EXPECT_THROW(fitCalibration(in), InputError);
  in.method = Method::None;
  in.threshold = ThresholdRule::parse("f1");
  EXPECT_THROW(fitCalibration(in), InputError);
}

}  // namespace
}  // namespace tweetlab::calibration
