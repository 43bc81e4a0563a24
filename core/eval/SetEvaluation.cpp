#include "core/eval/SetEvaluation.h"

#include <cmath>
#include <utility>

#include "core/common/Errors.h"

namespace tweetlab::eval {

std::string fewRowsWarning(const BinaryMetrics& part) {
  if (part.count == 0 || part.count >= kFewRows) return {};
  return "only " + std::to_string(part.count) + " rows: each row moves a rate by " +
         std::to_string(static_cast<int>(std::lround(100.0 / static_cast<double>(part.count)))) +
         " points, too few to compare models on";
}

bool SetEvaluation::oneClass() const {
  const auto& c = metrics.confusion;
  return c.truePositive + c.falseNegative == 0 || c.trueNegative + c.falsePositive == 0;
}

void validateSetName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 40 && name[0] >= 'a' && name[0] <= 'z';
  for (char ch : name) {
    ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
  }
  if (!ok) {
    throw InputError("evaluation set name '" + name +
                     "' must be lower-case letters, digits and '_', starting with a letter "
                     "(it prefixes the metric names, e.g. target_accuracy)");
  }
  if (name == "val" || name == "test" || name == "train") {
    throw InputError("evaluation set name '" + name +
                     "' is taken by TweetLab's own split metrics; choose another (e.g. target)");
  }
}

SetEvaluation evaluateSet(const std::string& name, std::span<const int> labels,
                          std::span<const double> scores, double threshold) {
  if (labels.empty()) throw InputError("evaluation set '" + name + "' has no rows");
  SetEvaluation e;
  e.name = name;
  e.metrics = evaluate(labels, scores, threshold);
  e.reliability = reliability(labels, scores);
  if (e.oneClass()) {
    const bool allPositive =
        e.metrics.confusion.trueNegative + e.metrics.confusion.falsePositive == 0;
    e.warnings.push_back(std::string("only ") + (allPositive ? "positive" : "negative") +
                         " tweets: no ROC AUC, balanced accuracy or macro-F1 (they compare the "
                         "two classes)");
  }
  if (auto warning = fewRowsWarning(e.metrics); !warning.empty())
    e.warnings.push_back(std::move(warning));
  return e;
}

std::map<std::string, double> SetEvaluation::trackedMetrics() const {
  std::map<std::string, double> out;
  const auto put = [&](const char* key, double value) {
    if (std::isfinite(value)) out[name + "_" + key] = value;
  };
  put("accuracy", metrics.accuracy);
  put("precision", metrics.precision);
  put("recall", metrics.recall);
  put("f1", metrics.f1);
  put("log_loss", metrics.logLoss);
  put("positive_rate", metrics.positiveRate);
  put("predicted_positive_rate", metrics.predictedPositiveRate);
  put("ece", reliability.expectedCalibrationError);
  put("brier", reliability.brier);
  if (!oneClass()) {
    put("roc_auc", metrics.rocAuc);
    put("balanced_accuracy", metrics.balancedAccuracy);
    put("macro_f1", metrics.macroF1);
  }
  out[name + "_rows"] = static_cast<double>(metrics.count);
  return out;
}

nlohmann::json SetEvaluation::toJson() const {
  auto j = eval::toJson(metrics);
  if (oneClass()) {
    j["roc_auc"] = nullptr;
    j["balanced_accuracy"] = nullptr;
    j["macro_f1"] = nullptr;
  }
  j["name"] = name;
  j["calibration"] = eval::toJson(reliability);
  j["ece"] = j["calibration"]["ece"];
  j["brier"] = j["calibration"]["brier"];
  j["few_rows"] = tiny();
  j["warnings"] = warnings;
  return j;
}

}  // namespace tweetlab::eval
