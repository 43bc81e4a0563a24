#include "core/calibration/Calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/eval/SetEvaluation.h"

namespace tweetlab::calibration {
namespace {

std::string twoDecimals(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

nlohmann::json summary(const eval::SetEvaluation& e) {
  const auto j = e.toJson();
  return {{"rows", e.metrics.count},
          {"threshold", e.metrics.threshold},
          {"accuracy", j["accuracy"]},
          {"balanced_accuracy", j["balanced_accuracy"]},
          {"macro_f1", j["macro_f1"]},
          {"predicted_positive_rate", j["predicted_positive_rate"]},
          {"positive_rate", j["positive_rate"]},
          {"ece", j["ece"]},
          {"brier", j["brier"]},
          {"roc_auc", j["roc_auc"]}};
}

double rateAbove(std::span<const double> scores, double threshold) {
  if (scores.empty()) return 0.0;
  const auto n =
      std::count_if(scores.begin(), scores.end(), [&](double p) { return p >= threshold; });
  return static_cast<double>(n) / static_cast<double>(scores.size());
}

}  // namespace

std::string toString(Method m) {
  switch (m) {
    case Method::Platt:
      return "platt";
    case Method::Isotonic:
      return "isotonic";
    case Method::None:
      break;
  }
  return "none";
}

Method methodFromString(const std::string& s) {
  if (s == "platt") return Method::Platt;
  if (s == "isotonic") return Method::Isotonic;
  if (s == "none") return Method::None;
  throw InputError("calibration method must be platt, isotonic or none, not '" + s + "'");
}

double Calibration::apply(double raw) const {
  double p = raw;
  if (method == Method::Platt) p = applyPlatt(platt, p);
  if (method == Method::Isotonic) p = applyIsotonic(isotonic, p);
  if (prior) p = adjustToPrior(p, prior->sourcePrior, prior->targetPrior);
  return p;
}

std::vector<double> Calibration::apply(std::span<const double> raw) const {
  std::vector<double> out;
  out.reserve(raw.size());
  for (double p : raw) out.push_back(apply(p));
  return out;
}

nlohmann::json Calibration::toJson() const {
  nlohmann::json map = {{"method", toString(method)}};
  if (method == Method::Platt) {
    map["a"] = platt.a;
    map["b"] = platt.b;
  } else if (method == Method::Isotonic) {
    map["x"] = isotonic.x;
    map["y"] = isotonic.y;
  }
  nlohmann::json priorJson = nullptr;
  if (prior) {
    priorJson = {{"source", prior->sourcePrior},
                 {"target", prior->targetPrior},
                 {"iterations", prior->iterations},
                 {"converged", prior->converged},
                 {"rows", prior->rows}};
  }
  return {{"map", map},
          {"prior_shift", priorJson},
          {"threshold", threshold},
          {"threshold_rule", thresholdRule},
          {"data", data},
          {"report", report},
          {"created_at", createdAt}};
}

Calibration Calibration::fromJson(const nlohmann::json& j) {
  Calibration c;
  try {
    const auto& map = j.at("map");
    c.method = methodFromString(map.at("method").get<std::string>());
    if (c.method == Method::Platt) {
      c.platt = {map.at("a").get<double>(), map.at("b").get<double>()};
      if (!(c.platt.a > 0) || !std::isfinite(c.platt.a) || !std::isfinite(c.platt.b))
        throw InputError("calibration.map: a Platt map needs a > 0 (else it is not increasing)");
    } else if (c.method == Method::Isotonic) {
      c.isotonic = {map.at("x").get<std::vector<double>>(), map.at("y").get<std::vector<double>>()};
      validate(c.isotonic);
    }
    if (const auto p = j.find("prior_shift"); p != j.end() && !p->is_null()) {
      PriorEstimate e;
      e.sourcePrior = p->at("source").get<double>();
      e.targetPrior = p->at("target").get<double>();
      e.iterations = p->value("iterations", 0);
      e.converged = p->value("converged", true);
      e.rows = p->value("rows", std::size_t{0});
      if (!(e.sourcePrior > 0 && e.sourcePrior < 1 && e.targetPrior > 0 && e.targetPrior < 1))
        throw InputError("calibration.prior_shift: priors must be strictly between 0 and 1");
      c.prior = e;
    }
    c.threshold = j.at("threshold").get<double>();
    if (!(c.threshold >= 0.0 && c.threshold <= 1.0))
      throw InputError("calibration.threshold must be between 0 and 1");
    c.thresholdRule = j.value("threshold_rule", "");
    c.data = j.value("data", nlohmann::json::object());
    c.report = j.value("report", nlohmann::json::object());
    c.createdAt = j.value("created_at", "");
  } catch (const nlohmann::json::exception& e) {
    throw InputError("calibration: " + describeJsonError(e));
  }
  return c;
}

std::string Calibration::describe() const {
  std::string out = toString(method);
  if (prior) {
    out += ", prior " + twoDecimals(prior->sourcePrior) + " -> " + twoDecimals(prior->targetPrior) +
           " (EM)";
  }
  out += ", threshold " + twoDecimals(threshold) + " (" + thresholdRule + ")";
  return out;
}

Calibration fitCalibration(const CalibrationInput& in) {
  const bool labelled = !in.labelledScores.empty();
  const bool pool = !in.unlabelledScores.empty();
  if (!labelled && !pool) {
    throw InputError(
        "nothing to calibrate on: give labelled target tweets, unlabelled ones, or both");
  }
  if (in.labelledScores.size() != in.labels.size())
    throw InputError("calibration: labelled scores and labels differ in count");
  if (in.method != Method::None && !labelled) {
    throw InputError("a " + toString(in.method) +
                     " map needs labelled tweets; with unlabelled tweets only, use method none "
                     "(the prior is re-estimated)");
  }
  double labelledPositiveRate = 0.0;
  if (labelled) {
    const auto positives = std::count(in.labels.begin(), in.labels.end(), 1);
    if (positives == 0 || positives == static_cast<long>(in.labels.size()))
      throw InputError("the labelled tweets are all of one class: nothing to calibrate against");
    labelledPositiveRate = static_cast<double>(positives) / static_cast<double>(in.labels.size());
  }

  Calibration c;
  c.method = in.method;
  if (in.method == Method::Platt) c.platt = fitPlatt(in.labelledScores, in.labels);
  if (in.method == Method::Isotonic) c.isotonic = fitIsotonic(in.labelledScores, in.labels);
  if (labelled) c.data["labelled"] = in.labelledInfo;

  if (pool) {
    // After a map fitted on labelled tweets, the posteriors speak for the labelled tweets' prior.
    const double source = labelled ? labelledPositiveRate : in.sourcePrior;
    const auto posteriors = c.apply(in.unlabelledScores);
    c.prior = estimateTargetPrior(posteriors, source);
    c.data["unlabelled"] = in.unlabelledInfo;
  }

  const auto rule = in.threshold.value_or(ThresholdRule{ThresholdPolicy::Balanced, 0.5});
  c.thresholdRule = rule.toString();
  std::vector<double> finalScores = c.apply(in.labelledScores);
  if (rule.policy == ThresholdPolicy::Fixed) {
    c.threshold = rule.value;
  } else if (labelled) {
    c.threshold = chooseThreshold(rule, finalScores, in.labels);
  } else if (rule.policy == ThresholdPolicy::Balanced) {
    // Calibrated posteriors under the target prior pi: calling positive when P(+|x) >= pi is the
    // Bayes decision for balanced accuracy (each class's errors weighted by 1 / its prior).
    // Without labelled tweets the pool was given (checked above), so the prior is estimated.
    if (!c.prior) throw std::logic_error("fitCalibration: no labelled tweets and no prior");
    c.threshold = c.prior->targetPrior;
    c.thresholdRule = "prior";
  } else {
    throw InputError("threshold 'f1' needs labelled tweets; use 'balanced' or a number");
  }

  if (labelled) {
    const auto before =
        eval::evaluateSet("labelled", in.labels, in.labelledScores, in.oldThreshold);
    const auto after = eval::evaluateSet("labelled", in.labels, finalScores, c.threshold);
    c.report["before"] = summary(before);
    c.report["after"] = summary(after);
    c.report["note"] =
        "before/after are measured on the labelled tweets the map and threshold were fitted on; "
        "evaluate the calibrated bundle on held-out target tweets for an unbiased number";
  }
  if (pool) {
    c.report["unlabelled"] = {
        {"rows", in.unlabelledScores.size()},
        {"predicted_positive_rate_before", rateAbove(in.unlabelledScores, in.oldThreshold)},
        {"predicted_positive_rate_after", rateAbove(c.apply(in.unlabelledScores), c.threshold)}};
  }
  return c;
}

}  // namespace tweetlab::calibration
