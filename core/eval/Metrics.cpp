#include "core/eval/Metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/common/Errors.h"

namespace tweetlab::eval {
namespace {

// Indices ordered by score, highest first (stable so equal scores keep input order).
std::vector<std::size_t> orderByScoreDescending(std::span<const double> scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  return order;
}

double safeRatio(double numerator, double denominator) {
  return denominator == 0.0 ? 0.0 : numerator / denominator;
}

}  // namespace

void requireSameSize(std::string_view who, std::span<const int> labels,
                     std::span<const double> scores) {
  if (labels.size() != scores.size()) {
    throw InputError(std::string(who) + ": " + std::to_string(labels.size()) + " labels but " +
                     std::to_string(scores.size()) + " scores");
  }
}

ConfusionMatrix confusionMatrix(std::span<const int> labels, std::span<const double> scores,
                                double threshold) {
  requireSameSize("metrics", labels, scores);
  ConfusionMatrix c;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const bool predictedPositive = scores[i] >= threshold;
    const bool positive = labels[i] == 1;
    if (positive) {
      ++(predictedPositive ? c.truePositive : c.falseNegative);
    } else {
      ++(predictedPositive ? c.falsePositive : c.trueNegative);
    }
  }
  return c;
}

double rocAuc(std::span<const int> labels, std::span<const double> scores) {
  requireSameSize("metrics", labels, scores);
  // Rank-sum formulation: AUC = (R_pos - n_pos (n_pos + 1) / 2) / (n_pos n_neg), where tied
  // scores share their mean rank. Ranks ascend with the score.
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  double positiveRankSum = 0.0;
  std::size_t positives = 0;
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start;
    while (end < order.size() && scores[order[end]] == scores[order[start]]) ++end;
    const double meanRank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    for (std::size_t k = start; k < end; ++k) {
      if (labels[order[k]] == 1) {
        positiveRankSum += meanRank;
        ++positives;
      }
    }
    start = end;
  }
  const std::size_t negatives = labels.size() - positives;
  if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  const double np = static_cast<double>(positives);
  return (positiveRankSum - np * (np + 1.0) / 2.0) / (np * static_cast<double>(negatives));
}

std::vector<RocPoint> rocCurve(std::span<const int> labels, std::span<const double> scores,
                               std::size_t maxPoints) {
  requireSameSize("metrics", labels, scores);
  const auto order = orderByScoreDescending(scores);
  const double positives = static_cast<double>(std::count(labels.begin(), labels.end(), 1));
  const double negatives = static_cast<double>(labels.size()) - positives;
  std::vector<RocPoint> curve;
  curve.push_back({0.0, 0.0, std::numeric_limits<double>::infinity()});
  double tp = 0.0, fp = 0.0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    (labels[order[k]] == 1 ? tp : fp) += 1.0;
    const bool lastOfTie = k + 1 == order.size() || scores[order[k + 1]] != scores[order[k]];
    if (lastOfTie) {
      curve.push_back({safeRatio(fp, negatives), safeRatio(tp, positives), scores[order[k]]});
    }
  }
  if (maxPoints >= 2 && curve.size() > maxPoints) {
    std::vector<RocPoint> thinned;
    thinned.reserve(maxPoints);
    const double step = static_cast<double>(curve.size() - 1) / static_cast<double>(maxPoints - 1);
    for (std::size_t i = 0; i < maxPoints; ++i) {
      thinned.push_back(
          curve[static_cast<std::size_t>(std::llround(static_cast<double>(i) * step))]);
    }
    curve = std::move(thinned);
  }
  return curve;
}

double logLoss(std::span<const int> labels, std::span<const double> scores) {
  requireSameSize("metrics", labels, scores);
  if (labels.empty()) return std::numeric_limits<double>::quiet_NaN();
  constexpr double kEps = 1e-15;
  double total = 0.0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double p = std::clamp(scores[i], kEps, 1.0 - kEps);
    total -= labels[i] == 1 ? std::log(p) : std::log(1.0 - p);
  }
  return total / static_cast<double>(labels.size());
}

BinaryMetrics evaluate(std::span<const int> labels, std::span<const double> scores,
                       double threshold) {
  BinaryMetrics m;
  m.count = labels.size();
  m.confusion = confusionMatrix(labels, scores, threshold);
  const auto& c = m.confusion;
  const double tp = static_cast<double>(c.truePositive);
  m.accuracy = safeRatio(tp + static_cast<double>(c.trueNegative), static_cast<double>(c.total()));
  m.precision = safeRatio(tp, tp + static_cast<double>(c.falsePositive));
  m.recall = safeRatio(tp, tp + static_cast<double>(c.falseNegative));
  m.f1 = safeRatio(2.0 * m.precision * m.recall, m.precision + m.recall);
  m.rocAuc = rocAuc(labels, scores);
  m.logLoss = logLoss(labels, scores);
  m.threshold = threshold;
  const double n = static_cast<double>(c.total());
  const double positives = tp + static_cast<double>(c.falseNegative);
  const double negatives = static_cast<double>(c.trueNegative + c.falsePositive);
  m.positiveRate = safeRatio(positives, n);
  m.predictedPositiveRate = safeRatio(tp + static_cast<double>(c.falsePositive), n);
  if (positives == 0.0 || negatives == 0.0) {
    m.balancedAccuracy = std::numeric_limits<double>::quiet_NaN();
    m.macroF1 = std::numeric_limits<double>::quiet_NaN();
  } else {
    const double tn = static_cast<double>(c.trueNegative);
    const double specificity = tn / negatives;
    m.balancedAccuracy = (m.recall + specificity) / 2.0;
    // F1 of the negative class: its precision is tn / (tn + fn), its recall the specificity.
    const double negativePrecision = safeRatio(tn, tn + static_cast<double>(c.falseNegative));
    const double negativeF1 =
        safeRatio(2.0 * negativePrecision * specificity, negativePrecision + specificity);
    m.macroF1 = (m.f1 + negativeF1) / 2.0;
  }
  return m;
}

nlohmann::json toJson(const ConfusionMatrix& c) {
  return {{"tn", c.trueNegative},
          {"fp", c.falsePositive},
          {"fn", c.falseNegative},
          {"tp", c.truePositive}};
}

nlohmann::json toJson(const BinaryMetrics& m) {
  auto finite = [](double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
  };
  return {{"count", m.count},
          {"accuracy", finite(m.accuracy)},
          {"precision", finite(m.precision)},
          {"recall", finite(m.recall)},
          {"f1", finite(m.f1)},
          {"roc_auc", finite(m.rocAuc)},
          {"log_loss", finite(m.logLoss)},
          {"balanced_accuracy", finite(m.balancedAccuracy)},
          {"macro_f1", finite(m.macroF1)},
          {"positive_rate", finite(m.positiveRate)},
          {"predicted_positive_rate", finite(m.predictedPositiveRate)},
          {"threshold", finite(m.threshold)},
          {"confusion", toJson(m.confusion)}};
}

}  // namespace tweetlab::eval
