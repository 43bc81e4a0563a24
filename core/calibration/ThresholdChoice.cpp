#include "core/calibration/ThresholdChoice.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "core/common/Errors.h"
#include "core/common/Numbers.h"

namespace tweetlab::calibration {

ThresholdRule ThresholdRule::parse(const std::string& text) {
  if (text == "balanced") return {ThresholdPolicy::Balanced, 0.5};
  if (text == "f1") return {ThresholdPolicy::F1, 0.5};
  const auto value = parseDouble(text);
  if (!value || !(*value > 0.0 && *value < 1.0)) {
    throw InputError("threshold must be 'balanced', 'f1' or a number between 0 and 1, not '" +
                     text + "'");
  }
  return {ThresholdPolicy::Fixed, *value};
}

std::string ThresholdRule::toString() const {
  switch (policy) {
    case ThresholdPolicy::Balanced:
      return "balanced";
    case ThresholdPolicy::F1:
      return "f1";
    case ThresholdPolicy::Fixed:
      break;
  }
  return formatDouble(value);
}

double chooseThreshold(const ThresholdRule& rule, std::span<const double> scores,
                       std::span<const int> labels) {
  if (rule.policy == ThresholdPolicy::Fixed) return rule.value;
  if (scores.size() != labels.size())
    throw InputError("threshold choice: scores and labels differ in count");
  const double positives = static_cast<double>(std::count(labels.begin(), labels.end(), 1));
  const double negatives = static_cast<double>(labels.size()) - positives;
  if (positives == 0 || negatives == 0)
    throw InputError("choosing a threshold needs labelled tweets of both classes");

  // Sweep the cut from above the highest score down: after row k every row scored >= score[k]
  // is called positive.
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  double tp = 0, fp = 0;
  double best = -1.0, bestCut = 0.5;
  for (std::size_t k = 0; k < order.size(); ++k) {
    (labels[order[k]] == 1 ? tp : fp) += 1.0;
    const bool lastOfTie = k + 1 == order.size() || scores[order[k + 1]] != scores[order[k]];
    if (!lastOfTie) continue;
    double value;
    if (rule.policy == ThresholdPolicy::Balanced) {
      value = (tp / positives + (negatives - fp) / negatives) / 2.0;
    } else {
      const double precision = tp / (tp + fp);
      const double recall = tp / positives;
      value = precision + recall > 0 ? 2.0 * precision * recall / (precision + recall) : 0.0;
    }
    if (value > best) {
      best = value;
      const double here = scores[order[k]];
      const double below = k + 1 < order.size() ? scores[order[k + 1]] : here;
      bestCut = (here + below) / 2.0;
      if (k + 1 == order.size()) bestCut = here;  // everything positive: cut at the lowest score
    }
  }
  return bestCut;
}

}  // namespace tweetlab::calibration
