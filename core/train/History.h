#pragma once
// Per-epoch training history: feeds the live curves, the history plot and the tracked metrics.
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

namespace tweetlab::train {

struct HistoryRow {
  int epoch = 0;  // 1-based
  double loss = std::numeric_limits<double>::quiet_NaN();
  double accuracy = std::numeric_limits<double>::quiet_NaN();
  double auc = std::numeric_limits<double>::quiet_NaN();
  double valLoss = std::numeric_limits<double>::quiet_NaN();
  double valAccuracy = std::numeric_limits<double>::quiet_NaN();
  double valAuc = std::numeric_limits<double>::quiet_NaN();
  double seconds = 0.0;  // wall time of this epoch
  double learningRate = std::numeric_limits<double>::quiet_NaN();
};

using History = std::vector<HistoryRow>;

// NaN is written as null so that the JSON stays valid.
void to_json(nlohmann::json& j, const HistoryRow& row);
void from_json(const nlohmann::json& j, HistoryRow& row);

}  // namespace tweetlab::train
