// tweetlab-cli curve: target accuracy against the number of target labels, per strategy.
#include <cstdio>
#include <iostream>

#include "app/cli/Commands.h"
#include "app/cli/CommonOptions.h"
#include "app/cli/TerminalObserver.h"
#include "app/cli/TrackingFlags.h"
#include "core/common/Json.h"
#include "core/domain/LearningCurve.h"
#include "core/tracking/RunRecord.h"

namespace tweetlab::cli {
namespace {

const char* kCurveHelp =
    "Usage: tweetlab-cli curve --data BASE --target TARGET [--labels 0,50,100,200,500,1000]\n"
    "                          [--strategy random,uncertainty] [--model logreg] [--repeats 3]\n"
    "                          [--test-rows 2000] [--calibration-labels N] [--target-weight W]\n"
    "                          [--extra-random 2000] [--no-target-only] [--plots DIR]\n"
    "                          [--export DIR] [--json]\n\n"
    "Splits TARGET (labelled target-domain tweets, CSV with text,label) into a pool and a\n"
    "held-out target test set (--test-rows, stratified). At each budget, trains on BASE's\n"
    "training part plus that many pool tweets with their labels (weighted --target-weight),\n"
    "chosen at random or by uncertainty/diversity with the previous budget's model, and scores\n"
    "the held-out target tweets: balanced accuracy, AUC, accuracy, ECE. --calibration-labels N\n"
    "takes N more random target labels to calibrate each model (Platt, balanced threshold) and\n"
    "reports the calibrated scores too. A model trained on the target labels alone is measured\n"
    "as 'target only' (unless --no-target-only). --extra-random adds random-only budgets (e.g.\n"
    "2000, a reference). --repeats redraws the split and the random choices; the table shows\n"
    "mean (min-max). Every point is a tracked run (tag tweetlab.curve_id); --plots DIR writes\n"
    "curve_balanced_accuracy.png, curve_roc_auc.png and curve.json. --export DIR writes each\n"
    "repeat's pool (in selection order), held-out and calibration tweets as CSV, so a reference\n"
    "can be run on the same rows.\n\n"
    "Model: --model F, --param KEY=VALUE (repeatable), --epochs N, --threads N, or --spec\n"
    "SPEC.json for the whole experiment spec (data.path is BASE).\n\n";

std::string cell(const domain::CurveSummaryRow& row, const char* metric) {
  const auto m = row.metrics.find(metric);
  if (m == row.metrics.end()) return "-";
  const auto& [mean, low, high] = m->second;
  if (row.runs <= 1) return fixed(mean, 3);
  return fixed(mean, 3) + " (" + fixed(low, 3) + "-" + fixed(high, 3) + ")";
}

}  // namespace

int runCurve(const Argv& argv) {
  auto valued = kDataOptions;
  valued.insert(kPreprocessOptions.begin(), kPreprocessOptions.end());
  valued.insert(kTrackingOptions.begin(), kTrackingOptions.end());
  valued.insert({"target", "labels", "strategy", "model", "repeats", "test-rows",
                 "calibration-labels", "target-weight", "extra-random", "plots", "param", "export",
                 "epochs", "threads", "spec"});
  auto flags = kPreprocessFlags;
  flags.insert(kTrackingFlags.begin(), kTrackingFlags.end());
  flags.insert({"help", "json", "quiet", "no-target-only"});
  Args args(argv, valued, flags);
  if (args.has("help")) {
    std::cout << kCurveHelp << kTrackingHelp << kDataHelp << kPreprocessHelp;
    return 0;
  }
  domain::CurveSpec spec;
  if (auto file = args.get("spec")) spec.base = experiment::readExperimentSpec(*file);
  spec.base.data = dataSpecFrom(args, spec.base.data);
  if (spec.base.data.path.empty()) throw UsageError("--data BASE is required (see --help)");
  spec.base.preprocessing = preprocessFrom(args, spec.base.preprocessing);
  if (auto model = args.get("model")) {
    if (*model != spec.base.model.family) spec.base.model.params = nlohmann::json::object();
    spec.base.model.family = *model;
  }
  auto& params = spec.base.model.params;
  if (params.is_null()) params = nlohmann::json::object();
  if (args.has("epochs")) params["epochs"] = args.getInt("epochs", 10);
  params = paramsFrom(args, params);
  if (!params.contains("seed")) params["seed"] = spec.base.data.seed;
  const long threads = args.getInt("threads", static_cast<long>(spec.base.threads));
  if (threads < 0) throw UsageError("--threads must be >= 0");
  spec.base.threads = static_cast<unsigned>(threads);
  models::makeClassifier(spec.base.model.family, params);  // bad parameters fail now

  spec.target.name = "target";
  spec.target.path = args.require("target");
  if (auto labels = args.get("labels")) spec.budgets = domain::parseBudgets(*labels);
  if (auto extra = args.get("extra-random")) spec.extraRandomBudgets = domain::parseBudgets(*extra);
  if (auto strategies = args.get("strategy")) {
    spec.strategies.clear();
    for (const auto& s : splitList(*strategies))
      spec.strategies.push_back(domain::strategyFromString(s));
  }
  const long repeats = args.getInt("repeats", 1);
  const long testRows = args.getInt("test-rows", 2000);
  const long calibration = args.getInt("calibration-labels", 0);
  if (repeats < 1 || testRows < 1 || calibration < 0)
    throw UsageError("--repeats and --test-rows must be >= 1, --calibration-labels >= 0");
  spec.repeats = static_cast<int>(repeats);
  spec.testRows = static_cast<std::size_t>(testRows);
  spec.calibrationLabels = static_cast<std::size_t>(calibration);
  spec.targetWeight = args.getDouble("target-weight", 1.0);
  spec.targetOnly = !args.has("no-target-only");
  if (auto dir = args.get("export")) spec.exportDir = *dir;

  const bool json = args.has("json");
  CliTracking tracking(args);
  auto trackingOptions = tracking.options();
  trackingOptions.exportModel = false;  // dozens of points: the scores matter, not the bundles
  const auto curveId = tracking::newRunId().substr(0, 12);
  TerminalObserver::installInterruptHandler();
  TerminalObserver observer(args.has("quiet"));
  std::size_t done = 0;
  const auto result = domain::runLearningCurve(
      spec, observer, [&](experiment::ExperimentResult& r, domain::CurvePoint& point) {
        ++done;
        if (!tracking.enabled()) return;
        r.extraTags["tweetlab.curve_id"] = curveId;
        point.runId = tracking::track(tracking::TrackInput::finished(r), trackingOptions).runId;
        if (!json) {
          std::cerr << "  point " << done << ": " << point.strategy << ", " << point.budget
                    << " labels, repeat " << point.repeat + 1 << ": balanced accuracy "
                    << fixed(point.atHalf.metrics.balancedAccuracy, 3) << ", AUC "
                    << fixed(point.atHalf.metrics.rocAuc, 3) << " (run " << point.runId << ")\n";
        }
      });

  if (auto dir = args.get("plots")) {
    std::filesystem::create_directories(*dir);
    writeJsonFile(std::filesystem::path(*dir) / "curve.json", result.toJson());
    if (auto* renderer = tracking.options().renderer) {
      renderer->renderCurves(result.series("balanced_accuracy"),
                             "Target balanced accuracy by target labels", "target labels",
                             "balanced accuracy (held-out target tweets)",
                             std::filesystem::path(*dir) / "curve_balanced_accuracy.png");
      renderer->renderCurves(result.series("roc_auc"), "Target ROC AUC by target labels",
                             "target labels", "ROC AUC (held-out target tweets)",
                             std::filesystem::path(*dir) / "curve_roc_auc.png");
    } else {
      std::cerr << "no plots drawn: --no-plots\n";
    }
  }
  if (json) {
    auto out = result.toJson();
    out["curve_id"] = curveId;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "\nLearning curve on " << spec.target.path.filename().string() << " (curve "
            << curveId << "; mean (min-max) over " << spec.repeats << " repeats, " << spec.testRows
            << " held-out target tweets, threshold 0.5"
            << (spec.calibrationLabels ? "; cal = calibrated on " +
                                             std::to_string(spec.calibrationLabels) + " more labels"
                                       : std::string())
            << "):\n";
  char line[400];
  std::snprintf(line, sizeof line, "%-12s %7s  %-22s %-22s %-22s %-22s\n", "strategy", "labels",
                "balanced_accuracy", "roc_auc", "ece", "cal_balanced_accuracy");
  std::cout << line;
  for (const auto& row : result.summary()) {
    std::snprintf(line, sizeof line, "%-12s %7zu  %-22s %-22s %-22s %-22s\n", row.strategy.c_str(),
                  row.budget, cell(row, "balanced_accuracy").c_str(), cell(row, "roc_auc").c_str(),
                  cell(row, "ece").c_str(), cell(row, "cal_balanced_accuracy").c_str());
    std::cout << line;
  }
  return 0;
}

}  // namespace tweetlab::cli
