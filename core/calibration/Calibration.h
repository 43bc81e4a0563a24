#pragma once
// A bundle's decision after calibration: raw P(positive) -> calibration map (Platt or isotonic,
// both monotone) -> optional label-shift adjustment to a target prior (EM) -> threshold. It is
// stored in the bundle manifest ("calibration") so the CLI, the API and the GUI, which all go
// through core/bundle's Predictor, answer the same for the same text.
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calibration/IsotonicRegression.h"
#include "core/calibration/PlattScaling.h"
#include "core/calibration/PriorShift.h"
#include "core/calibration/ThresholdChoice.h"

namespace tweetlab::calibration {

enum class Method { None, Platt, Isotonic };
std::string toString(Method m);                 // "none" | "platt" | "isotonic"
Method methodFromString(const std::string& s);  // InputError otherwise

struct Calibration {
  Method method = Method::None;
  PlattParams platt;
  IsotonicMap isotonic;
  std::optional<PriorEstimate> prior;  // applied after the map when set
  std::string thresholdRule = "0.5";   // how `threshold` was chosen: balanced, f1, prior, a number
  double threshold = 0.5;
  nlohmann::json data = nlohmann::json::object();  // labelled/unlabelled files: path, digest, rows
  nlohmann::json report = nlohmann::json::object();  // before/after numbers on the labelled tweets
  std::string createdAt;

  // Raw P(positive) -> calibrated P(positive); non-decreasing in `raw`.
  double apply(double raw) const;
  std::vector<double> apply(std::span<const double> raw) const;

  nlohmann::json toJson() const;
  // InputError naming the field when something is missing, of the wrong type, or not monotone.
  static Calibration fromJson(const nlohmann::json& j);
  // One line for people: "isotonic, prior 0.50 -> 0.31, threshold 0.42 (balanced)".
  std::string describe() const;
};

// Labelled target tweets (for the map and a labelled threshold rule), unlabelled ones (for the
// prior), or both. Scores are the bundle's raw (uncalibrated) P(positive).
struct CalibrationInput {
  Method method = Method::Isotonic;
  std::optional<ThresholdRule> threshold;  // default: balanced with labels, else the prior
  std::span<const double> labelledScores;
  std::span<const int> labels;
  nlohmann::json labelledInfo = nlohmann::json::object();  // path, digest, rows
  std::span<const double> unlabelledScores;
  nlohmann::json unlabelledInfo = nlohmann::json::object();
  double sourcePrior = 0.5;   // the class prior the bundle was trained under
  double oldThreshold = 0.5;  // the bundle's threshold before, for the report
};

// InputError when there is nothing to fit on, a labelled set has one class, or a labelled rule is
// asked for without labels.
Calibration fitCalibration(const CalibrationInput& input);

}  // namespace tweetlab::calibration
