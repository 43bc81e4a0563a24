#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/common/Errors.h"
#include "core/eval/Metrics.h"
#include "core/eval/Reliability.h"
#include "core/eval/SetEvaluation.h"

namespace tweetlab::eval {
namespace {

TEST(BalancedMetrics, MatchHandCount) {
  // At 0.5: TP 3 (0.9, 0.8, 0.7), FN 1 (0.3), FP 1 (0.6), TN 1 (0.1).
  const std::vector<int> labels{1, 1, 1, 1, 0, 0};
  const std::vector<double> scores{0.9, 0.8, 0.7, 0.3, 0.6, 0.1};
  const auto m = evaluate(labels, scores);
  EXPECT_DOUBLE_EQ(m.balancedAccuracy, (3.0 / 4.0 + 1.0 / 2.0) / 2.0);
  EXPECT_DOUBLE_EQ(m.macroF1, (0.75 + 0.5) / 2.0);
  EXPECT_DOUBLE_EQ(m.positiveRate, 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(m.predictedPositiveRate, 4.0 / 6.0);
  // A higher threshold: only 0.9, 0.8 positive.
  const auto strict = evaluate(labels, scores, 0.75);
  EXPECT_DOUBLE_EQ(strict.predictedPositiveRate, 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(strict.balancedAccuracy, (2.0 / 4.0 + 2.0 / 2.0) / 2.0);
  EXPECT_DOUBLE_EQ(strict.threshold, 0.75);
}

TEST(BalancedMetrics, AlwaysNegativeScoresHalfOnBalancedAccuracy) {
  // The trap the issue describes: on a mostly negative set, answering "negative" every time has a
  // high accuracy and a balanced accuracy of exactly one half.
  const std::vector<int> labels{0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
  const std::vector<double> scores(10, 0.1);
  const auto m = evaluate(labels, scores);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.8);
  EXPECT_DOUBLE_EQ(m.balancedAccuracy, 0.5);
}

TEST(BalancedMetrics, UndefinedWithOneClass) {
  const std::vector<int> labels{1, 1, 1};
  const std::vector<double> scores{0.9, 0.2, 0.6};
  const auto m = evaluate(labels, scores);
  EXPECT_TRUE(std::isnan(m.balancedAccuracy));
  EXPECT_TRUE(std::isnan(m.macroF1));
  EXPECT_TRUE(toJson(m)["balanced_accuracy"].is_null());
}

TEST(Reliability, BinsEceAndBrierByHand) {
  const std::vector<int> labels{0, 1, 1, 1};
  const std::vector<double> scores{0.05, 0.15, 0.95, 0.92};
  const auto r = reliability(labels, scores, 10);
  ASSERT_EQ(r.bins.size(), 10u);
  EXPECT_EQ(r.bins[0].count, 1u);
  EXPECT_EQ(r.bins[1].count, 1u);
  EXPECT_EQ(r.bins[9].count, 2u);
  EXPECT_TRUE(std::isnan(r.bins[5].meanScore));
  EXPECT_NEAR(r.bins[9].meanScore, 0.935, 1e-12);
  EXPECT_DOUBLE_EQ(r.bins[9].positiveRate, 1.0);
  EXPECT_NEAR(r.expectedCalibrationError, (0.05 + 0.85 + 2 * 0.065) / 4.0, 1e-12);
  EXPECT_NEAR(r.brier, (0.0025 + 0.7225 + 0.0025 + 0.0064) / 4.0, 1e-12);
  // A score of exactly 1 lands in the last bin, not past it.
  const std::vector<int> one{1};
  const std::vector<double> certain{1.0};
  EXPECT_EQ(reliability(one, certain, 10).bins[9].count, 1u);
  EXPECT_DOUBLE_EQ(reliability(one, certain, 10).expectedCalibrationError, 0.0);
}

TEST(Reliability, PerfectlyCalibratedScoresHaveSmallEce) {
  // Within each bin, the share of positives equals the score.
  std::vector<int> labels;
  std::vector<double> scores;
  for (int bin = 0; bin < 10; ++bin) {
    const double p = (bin + 0.5) / 10.0;
    for (int k = 0; k < 20; ++k) {
      scores.push_back(p);
      labels.push_back(k < static_cast<int>(std::lround(p * 20)) ? 1 : 0);
    }
  }
  EXPECT_LT(reliability(labels, scores).expectedCalibrationError, 0.03);
}

TEST(SetEvaluation, OneClassSetGetsNoAucAndSaysWhy) {
  std::vector<int> labels(40, 1);
  std::vector<double> scores(40, 0.7);
  scores[0] = 0.2;
  const auto e = evaluateSet("target", labels, scores);
  const auto tracked = e.trackedMetrics();
  EXPECT_EQ(tracked.count("target_roc_auc"), 0u);
  EXPECT_EQ(tracked.count("target_balanced_accuracy"), 0u);
  EXPECT_EQ(tracked.count("target_macro_f1"), 0u);
  EXPECT_DOUBLE_EQ(tracked.at("target_accuracy"), 39.0 / 40.0);
  EXPECT_DOUBLE_EQ(tracked.at("target_rows"), 40.0);
  ASSERT_FALSE(e.warnings.empty());
  EXPECT_NE(e.warnings[0].find("only positive"), std::string::npos);
  EXPECT_TRUE(e.toJson()["roc_auc"].is_null());
  EXPECT_FALSE(e.tiny());
}

TEST(SetEvaluation, TinySetIsFlaggedAndEmptyRefused) {
  const std::vector<int> labels{1, 0, 1, 0, 1};
  const std::vector<double> scores{0.9, 0.1, 0.6, 0.4, 0.3};
  const auto e = evaluateSet("airline", labels, scores);
  EXPECT_TRUE(e.tiny());
  EXPECT_TRUE(e.toJson()["few_rows"].get<bool>());
  EXPECT_NE(e.warnings.back().find("only 5 rows"), std::string::npos);
  EXPECT_TRUE(e.trackedMetrics().count("airline_roc_auc"));
  EXPECT_THROW(evaluateSet("airline", {}, {}), InputError);
}

TEST(SetEvaluation, NamesMustBeMetricPrefixes) {
  EXPECT_NO_THROW(validateSetName("target"));
  EXPECT_NO_THROW(validateSetName("airline_2024"));
  EXPECT_THROW(validateSetName("Target"), InputError);
  EXPECT_THROW(validateSetName("my set"), InputError);
  EXPECT_THROW(validateSetName("test"), InputError);
  EXPECT_THROW(validateSetName("val"), InputError);
  EXPECT_THROW(validateSetName(""), InputError);
}

}  // namespace
}  // namespace tweetlab::eval
