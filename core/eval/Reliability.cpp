#include "core/eval/Reliability.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/Errors.h"
#include "core/eval/Metrics.h"

namespace tweetlab::eval {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

double brierScore(std::span<const int> labels, std::span<const double> scores) {
  requireSameSize("reliability", labels, scores);
  if (labels.empty()) return kNaN;
  double total = 0.0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double d = scores[i] - (labels[i] == 1 ? 1.0 : 0.0);
    total += d * d;
  }
  return total / static_cast<double>(labels.size());
}

Reliability reliability(std::span<const int> labels, std::span<const double> scores,
                        std::size_t binCount) {
  requireSameSize("reliability", labels, scores);
  if (binCount == 0) throw InputError("reliability: at least one bin is needed");
  Reliability r;
  r.count = labels.size();
  std::vector<double> scoreSum(binCount, 0.0), positives(binCount, 0.0);
  std::vector<std::size_t> counts(binCount, 0);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double p = std::clamp(scores[i], 0.0, 1.0);
    const auto bin =
        std::min(binCount - 1, static_cast<std::size_t>(p * static_cast<double>(binCount)));
    ++counts[bin];
    scoreSum[bin] += p;
    positives[bin] += labels[i] == 1 ? 1.0 : 0.0;
  }
  double ece = 0.0;
  for (std::size_t b = 0; b < binCount; ++b) {
    ReliabilityBin bin;
    bin.lower = static_cast<double>(b) / static_cast<double>(binCount);
    bin.upper = static_cast<double>(b + 1) / static_cast<double>(binCount);
    bin.count = counts[b];
    if (counts[b] == 0) {
      bin.meanScore = bin.positiveRate = kNaN;
    } else {
      const double n = static_cast<double>(counts[b]);
      bin.meanScore = scoreSum[b] / n;
      bin.positiveRate = positives[b] / n;
      ece += n * std::abs(bin.positiveRate - bin.meanScore);
    }
    r.bins.push_back(bin);
  }
  r.expectedCalibrationError = labels.empty() ? kNaN : ece / static_cast<double>(labels.size());
  r.brier = brierScore(labels, scores);
  return r;
}

nlohmann::json toJson(const Reliability& r) {
  nlohmann::json bins = nlohmann::json::array();
  for (const auto& b : r.bins) {
    bins.push_back({{"lower", b.lower},
                    {"upper", b.upper},
                    {"count", b.count},
                    {"mean_score", number(b.meanScore)},
                    {"positive_rate", number(b.positiveRate)}});
  }
  return {{"count", r.count},
          {"ece", number(r.expectedCalibrationError)},
          {"brier", number(r.brier)},
          {"bins", bins}};
}

}  // namespace tweetlab::eval
