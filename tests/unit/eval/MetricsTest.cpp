#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/eval/Metrics.h"

namespace tweetlab::eval {
namespace {

// Six tweets scored by hand:      label  score  (threshold 0.5)
//                                  1      0.9    TP
//                                  1      0.6    TP
//                                  1      0.4    FN
//                                  0      0.7    FP
//                                  0      0.2    TN
//                                  0      0.1    TN
const std::vector<int> kLabels{1, 1, 1, 0, 0, 0};
const std::vector<double> kScores{0.9, 0.6, 0.4, 0.7, 0.2, 0.1};

TEST(Metrics, ConfusionAndRatesMatchHandCount) {
  auto m = evaluate(kLabels, kScores);
  EXPECT_EQ(m.confusion.truePositive, 2u);
  EXPECT_EQ(m.confusion.falseNegative, 1u);
  EXPECT_EQ(m.confusion.falsePositive, 1u);
  EXPECT_EQ(m.confusion.trueNegative, 2u);
  EXPECT_DOUBLE_EQ(m.accuracy, 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(m.precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.recall, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.f1, 2.0 / 3.0);
}

TEST(Metrics, AucCountsOrderedPairs) {
  // 9 positive/negative pairs; the positive outranks the negative in all but (0.6 < 0.7),
  // (0.4 < 0.7): 7/9.
  EXPECT_DOUBLE_EQ(rocAuc(kLabels, kScores), 7.0 / 9.0);
}

TEST(Metrics, AucCountsTiesAsOneHalf) {
  const std::vector<int> labels{1, 0, 1, 0};
  const std::vector<double> scores{0.5, 0.5, 0.8, 0.2};
  // Pairs: (0.5 vs 0.5) tie = 0.5, (0.5 vs 0.2) = 1, (0.8 vs 0.5) = 1, (0.8 vs 0.2) = 1 -> 3.5/4
  EXPECT_DOUBLE_EQ(rocAuc(labels, scores), 3.5 / 4.0);
  const std::vector<double> allTied{0.3, 0.3, 0.3, 0.3};
  EXPECT_DOUBLE_EQ(rocAuc(labels, allTied), 0.5);
}

TEST(Metrics, AucIsNanWithOneClass) {
  const std::vector<int> labels{1, 1};
  const std::vector<double> scores{0.2, 0.9};
  EXPECT_TRUE(std::isnan(rocAuc(labels, scores)));
}

TEST(Metrics, LogLossMatchesFormula) {
  const double expected = -(std::log(0.9) + std::log(0.6) + std::log(0.4) + std::log(0.3) +
                            std::log(0.8) + std::log(0.9)) /
                          6.0;
  EXPECT_NEAR(logLoss(kLabels, kScores), expected, 1e-12);
  // Certainty that is wrong is clipped, not infinite.
  const std::vector<int> one{1};
  const std::vector<double> zero{0.0};
  EXPECT_NEAR(logLoss(one, zero), -std::log(1e-15), 1e-9);
}

TEST(Metrics, RocCurveHasOnePointPerDistinctScoreAndItsAreaIsTheAuc) {
  auto curve = rocCurve(kLabels, kScores);
  ASSERT_EQ(curve.size(), 7u);  // origin + 6 distinct scores
  EXPECT_DOUBLE_EQ(curve.front().falsePositiveRate, 0.0);
  EXPECT_DOUBLE_EQ(curve.back().truePositiveRate, 1.0);
  EXPECT_DOUBLE_EQ(curve.back().falsePositiveRate, 1.0);
  double area = 0.0;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    area += (curve[i].falsePositiveRate - curve[i - 1].falsePositiveRate) *
            (curve[i].truePositiveRate + curve[i - 1].truePositiveRate) / 2.0;
  }
  EXPECT_NEAR(area, rocAuc(kLabels, kScores), 1e-12);
}

TEST(Metrics, RocCurveThinningKeepsEnds) {
  std::vector<int> labels;
  std::vector<double> scores;
  for (int i = 0; i < 1000; ++i) {
    labels.push_back(i % 3 == 0 ? 1 : 0);
    scores.push_back(static_cast<double>((i * 7919) % 1000) / 1000.0);
  }
  auto curve = rocCurve(labels, scores, 50);
  ASSERT_EQ(curve.size(), 50u);
  EXPECT_DOUBLE_EQ(curve.front().truePositiveRate, 0.0);
  EXPECT_DOUBLE_EQ(curve.back().truePositiveRate, 1.0);
}

TEST(Metrics, PrecisionIsZeroWhenNothingIsPredictedPositive) {
  const std::vector<int> labels{1, 0};
  const std::vector<double> scores{0.1, 0.2};
  auto m = evaluate(labels, scores);
  EXPECT_EQ(m.precision, 0.0);
  EXPECT_EQ(m.f1, 0.0);
}

}  // namespace
}  // namespace tweetlab::eval
