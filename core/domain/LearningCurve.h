#pragma once
// How many target labels are worth how much: `tweetlab-cli curve` and the workbench's curve plot.
// The target file is split into a pool and a held-out target test set; at each budget a model is
// trained on the base data's training part plus that many pool tweets with their labels (chosen
// at random, or by uncertainty / diversity using the previous budget's model), and scored on the
// held-out target tweets. Optionally a few more random target labels calibrate each model (Platt,
// balanced threshold), and a model trained on the target labels alone is measured too. Repeats
// redraw the pool/test split and the random choices; every point is an ordinary experiment
// result, so the caller can track it as a run.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/LabelSelection.h"
#include "core/eval/SetEvaluation.h"
#include "core/experiment/Experiment.h"
#include "core/tracking/PlotRenderer.h"

namespace tweetlab::domain {

struct CurveSpec {
  experiment::ExperimentSpec base;  // base data (path, sample, split, seed), preprocessing, model
  sources::EvalSetSpec target;      // labelled target tweets; its name prefixes the metrics
  std::vector<std::size_t> budgets{0, 50, 100, 200, 500, 1000};
  std::vector<Strategy> strategies{Strategy::Random, Strategy::Uncertainty};
  int repeats = 1;
  std::size_t testRows = 2000;        // held-out target tweets per repeat
  double targetWeight = 1.0;          // weight of the target labels in training
  std::size_t calibrationLabels = 0;  // extra random target labels to calibrate each model
  bool targetOnly = true;             // also train on the target labels alone
  std::vector<std::size_t> extraRandomBudgets;  // random only (e.g. 2000 as a reference)
  // When set, each repeat's rows go to DIR/repeat<k>/{pool,test,calibration}.csv (pool in its
  // random order: the random strategy takes its prefixes), so a reference implementation can be
  // measured on exactly the same rows.
  std::filesystem::path exportDir;
};

struct CurvePoint {
  std::string strategy;  // "random", "uncertainty", "diverse", "target only"
  std::size_t budget = 0;
  int repeat = 0;
  eval::SetEvaluation atHalf;                     // held-out target tweets, threshold 0.5
  std::optional<eval::SetEvaluation> calibrated;  // after calibration on the extra labels
  double valAccuracy = 0.0;                       // base validation accuracy (source domain)
  std::string runId;                              // filled by the caller when tracked
};

// Called for every point with the experiment result it came from (to annotate and track it) and
// the point (to note its run id).
using CurvePointSink = std::function<void(experiment::ExperimentResult&, CurvePoint&)>;

struct CurveSummaryRow {
  std::string strategy;
  std::size_t budget = 0;
  int runs = 0;
  // mean / min / max over repeats of each metric ("balanced_accuracy", "roc_auc", "accuracy",
  // "ece", and "cal_balanced_accuracy", "cal_ece" when calibrated)
  std::map<std::string, std::array<double, 3>> metrics;
};

struct CurveResult {
  std::vector<CurvePoint> points;
  std::vector<CurveSummaryRow> summary() const;
  nlohmann::json toJson() const;
  // One series per strategy of `metric` (mean with min/max band) against the budget.
  std::vector<tracking::CurveSeries> series(const std::string& metric) const;
};

// InputError when a budget exceeds the pool or the target file is too small for the test set.
CurveResult runLearningCurve(const CurveSpec& spec, train::TrainObserver& observer,
                             const CurvePointSink& sink = {});

// "0,50,100" -> {0, 50, 100} (sorted, unique); InputError otherwise.
std::vector<std::size_t> parseBudgets(const std::string& list);

}  // namespace tweetlab::domain
