#include "core/train/History.h"

namespace tweetlab::train {
namespace {

nlohmann::json numberOrNull(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

double numberOr(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::numeric_limits<double>::quiet_NaN();
  return it->get<double>();
}

}  // namespace

void to_json(nlohmann::json& j, const HistoryRow& row) {
  j = {{"epoch", row.epoch},
       {"loss", numberOrNull(row.loss)},
       {"accuracy", numberOrNull(row.accuracy)},
       {"auc", numberOrNull(row.auc)},
       {"val_loss", numberOrNull(row.valLoss)},
       {"val_accuracy", numberOrNull(row.valAccuracy)},
       {"val_auc", numberOrNull(row.valAuc)},
       {"seconds", row.seconds},
       {"learning_rate", numberOrNull(row.learningRate)}};
}

void from_json(const nlohmann::json& j, HistoryRow& row) {
  row.epoch = j.at("epoch").get<int>();
  row.loss = numberOr(j, "loss");
  row.accuracy = numberOr(j, "accuracy");
  row.auc = numberOr(j, "auc");
  row.valLoss = numberOr(j, "val_loss");
  row.valAccuracy = numberOr(j, "val_accuracy");
  row.valAuc = numberOr(j, "val_auc");
  row.seconds = j.value("seconds", 0.0);
  row.learningRate = numberOr(j, "learning_rate");
}

}  // namespace tweetlab::train
