#pragma once
// Binary classification metrics over P(positive) scores. Label 1 is the positive class.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace tweetlab::eval {

struct ConfusionMatrix {
  std::size_t trueNegative = 0, falsePositive = 0, falseNegative = 0, truePositive = 0;
  std::size_t total() const { return trueNegative + falsePositive + falseNegative + truePositive; }
};

struct RocPoint {
  double falsePositiveRate = 0.0;
  double truePositiveRate = 0.0;
  double threshold = 0.0;  // scores >= threshold are called positive
};

struct BinaryMetrics {
  std::size_t count = 0;
  double accuracy = 0.0;
  double precision =
      0.0;  // 0 when nothing is predicted positive (as scikit-learn's zero_division=0)
  double recall = 0.0;
  double f1 = 0.0;
  double rocAuc = 0.0;   // NaN when only one class is present
  double logLoss = 0.0;  // natural log, probabilities clipped to [1e-15, 1 - 1e-15]
  // Mean of the two classes' recalls; NaN when only one class is present (a recall of an absent
  // class means nothing). Unlike accuracy it does not reward answering the majority class.
  double balancedAccuracy = 0.0;
  double macroF1 = 0.0;                // mean of both classes' F1; NaN with one class
  double positiveRate = 0.0;           // share of rows labelled positive (the true prior)
  double predictedPositiveRate = 0.0;  // share called positive at the threshold
  double threshold = 0.5;              // the threshold these counts were made at
  ConfusionMatrix confusion;
};

// Every scorer here takes a label and a score per row: InputError("<who>: N labels but M
// scores") when the counts differ.
void requireSameSize(std::string_view who, std::span<const int> labels,
                     std::span<const double> scores);

ConfusionMatrix confusionMatrix(std::span<const int> labels, std::span<const double> scores,
                                double threshold = 0.5);

// Area under the ROC curve; tied scores count one half (Mann–Whitney U with mid-ranks), exactly.
double rocAuc(std::span<const int> labels, std::span<const double> scores);

// One point per distinct score (highest first) plus the (0,0) origin, as scikit-learn's
// roc_curve(drop_intermediate=False). `maxPoints` > 0 thins the curve for plotting while keeping
// its first and last points.
std::vector<RocPoint> rocCurve(std::span<const int> labels, std::span<const double> scores,
                               std::size_t maxPoints = 0);

double logLoss(std::span<const int> labels, std::span<const double> scores);

BinaryMetrics evaluate(std::span<const int> labels, std::span<const double> scores,
                       double threshold = 0.5);

// Metric names as tracked: accuracy, precision, recall, f1, roc_auc, log_loss, balanced_accuracy,
// macro_f1, positive_rate, predicted_positive_rate, threshold; undefined values are null.
nlohmann::json toJson(const BinaryMetrics& m);
nlohmann::json toJson(const ConfusionMatrix& c);

}  // namespace tweetlab::eval
