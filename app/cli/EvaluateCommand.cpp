// tweetlab-cli evaluate: a bundle scored on one or more labelled files, as it answers in
// production (its calibration and threshold applied), recorded as an evaluation run.
#include <iostream>

#include "app/cli/Commands.h"
#include "app/cli/CommonOptions.h"
#include "app/cli/ResultPrinter.h"
#include "app/cli/TrackingFlags.h"
#include "core/domain/BundleEvaluation.h"

namespace tweetlab::cli {

int runEvaluate(const Argv& argv) {
  static const char* kHelp =
      "Usage: tweetlab-cli evaluate --bundle DIR --data [NAME=]FILE [--data [NAME=]FILE ...]\n"
      "                             [--format F --text-column C --label-column L --encoding E]\n"
      "                             [--plots DIR] [--device D] [--json] [tracking options]\n\n"
      "Scores a bundle on every loadable row of each FILE (no sampling), the way it answers in\n"
      "production: its calibration and threshold applied. For each set: accuracy, balanced\n"
      "accuracy, ROC AUC, macro-F1, precision/recall/F1, the predicted-positive rate next to the\n"
      "true one, ECE and Brier score (and, for a calibrated bundle, the same before calibration).\n"
      "A set of one class gets no AUC, balanced accuracy or macro-F1; a set under 30 rows is\n"
      "flagged. NAME (default: the file name) prefixes the metrics of the evaluation run recorded\n"
      "in the run store (target_accuracy, target_balanced_accuracy, ...): the Runs page shows and\n"
      "sorts them. --plots DIR writes the reliability diagram as DIR/plots/reliability.png\n"
      "(tracked or not). --device D: where cnn/bilstm/bert compute, auto|cpu|cuda|cuda:N "
      "(auto).\n\n";
  auto valued = kTrackingOptions;
  valued.insert(
      {"bundle", "data", "format", "text-column", "label-column", "encoding", "plots", "device"});
  auto flags = kTrackingFlags;
  flags.insert({"help", "json", "quiet"});
  Args args(argv, valued, flags);
  if (args.has("help")) {
    std::cout << kHelp << kTrackingHelp;
    return 0;
  }
  const auto bundlePath = std::filesystem::path(args.require("bundle"));
  const auto files = args.all("data");
  if (files.empty()) throw UsageError("--data is required (see --help)");
  const auto read = dataSpecFrom(args, {}).read;
  std::vector<sources::EvalSetSpec> specs;
  for (const auto& item : files) {
    sources::EvalSetSpec spec;
    const auto eq = item.find('=');
    if (eq != std::string::npos && eq > 0 && item.substr(0, eq).find('/') == std::string::npos) {
      spec = sources::parseEvalArgument(item);
    } else {
      spec.path = dataSpecFrom(Args({"--data", item}, kDataOptions, {}), {}).path;
      spec.name = domain::setNameFromPath(spec.path);
    }
    spec.read = read;
    for (const auto& other : specs) {
      if (other.name == spec.name)
        throw UsageError("two sets are named '" + spec.name + "': name them, --data NAME=FILE");
    }
    specs.push_back(std::move(spec));
  }
  CliTracking tracking(args);
  const auto predictor = bundle::Predictor::load(bundlePath, args.get("device", "auto"));
  std::vector<sources::EvaluationSet> sets;
  for (const auto& spec : specs) sets.push_back(sources::loadEvaluationSet(spec));
  const auto evaluation = domain::evaluateBundle(*predictor, bundlePath, std::move(sets));

  std::optional<tracking::TrackOutcome> tracked;
  if (tracking.enabled()) {
    tracked =
        tracking::trackRecord(evaluation.record(), tracking.options(), evaluation.artifactWriter());
  }
  if (auto plots = args.get("plots")) {
    std::vector<std::string> notes;
    if (!tracking.options().renderer) throw UsageError("--plots needs plots (drop --no-plots)");
    std::filesystem::create_directories(*plots);
    evaluation.artifactWriter()(*plots, tracking.options().renderer, notes);
    for (const auto& note : notes) std::cerr << note << "\n";
  }
  if (args.has("json")) {
    auto out = evaluation.toJson();
    // One set: its metrics also at the top level, as before --data could be repeated.
    if (evaluation.sets.size() == 1) out.update(evaluation.sets[0].evaluation.toJson());
    if (tracked) out["tracking"] = CliTracking::toJson(*tracked, tracking.options());
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  const auto& m = predictor->manifest();
  std::cout << m.name << " " << m.version << " (" << m.family << "), threshold "
            << fixed(m.threshold, 3) << ", calibration "
            << (m.calibration ? m.calibration->describe() : std::string("none")) << "\n";
  for (const auto& s : evaluation.sets) {
    std::cout << s.set.summary << "\n";
    printSetEvaluation(std::cout, s.evaluation);
    if (s.before) {
      std::cout << "    before calibration (threshold 0.5): balanced "
                << fixed(s.before->metrics.balancedAccuracy) << "  ECE "
                << fixed(s.before->reliability.expectedCalibrationError) << "  predicted positive "
                << fixed(s.before->metrics.predictedPositiveRate, 3) << "\n";
    }
    std::cout << "    predict " << fixed(s.predictSeconds, 3) << " s\n";
  }
  if (tracked) std::cout << CliTracking::describe(*tracked, tracking.options()) << "\n";
  return 0;
}

}  // namespace tweetlab::cli
