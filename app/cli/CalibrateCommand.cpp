// tweetlab-cli calibrate: a new bundle whose P(positive) means what it says on the target domain.
#include <iostream>

#include "app/cli/Commands.h"
#include "app/cli/CommonOptions.h"
#include "core/domain/CalibrateBundle.h"

namespace tweetlab::cli {

int runCalibrate(const Argv& argv) {
  static const char* kHelp =
      "Usage: tweetlab-cli calibrate --bundle B --out B2 [--data LABELLED] [--unlabelled POOL]\n"
      "                              [--method platt|isotonic|none] [--threshold balanced|f1|X]\n"
      "                              [--text-column C --label-column L] [--bundle-version V]\n"
      "                              [--json]\n\n"
      "Fits a monotone map from the bundle's raw P(positive) to calibrated probabilities on\n"
      "labelled target tweets (--data; isotonic by default, platt for a few hundred tweets or\n"
      "fewer), and/or re-estimates the class prior on unlabelled target tweets (--unlabelled: a\n"
      ".txt with one tweet per line, or a CSV/JSONL with a text column) with EM (Saerens et al.\n"
      "2002) and adjusts the posteriors to it. The threshold is chosen on the labelled tweets to\n"
      "maximise balanced accuracy (or F1), or set to a number; with unlabelled tweets only,\n"
      "'balanced' cuts at the estimated prior. The new bundle B2 records the map, the threshold\n"
      "and the data digests; predict, evaluate, the workbench and tweetlab-serve all apply them\n"
      "(/version shows them). The model files are copied unchanged.\n\n";
  Args args(argv,
            {"bundle", "out", "data", "unlabelled", "method", "threshold", "format", "text-column",
             "label-column", "encoding", "bundle-version"},
            {"help", "json"});
  if (args.has("help")) {
    std::cout << kHelp;
    return 0;
  }
  domain::CalibrateRequest request;
  request.bundle = args.require("bundle");
  request.out = args.require("out");
  const auto read = dataSpecFrom(args, {}).read;
  if (auto data = args.get("data")) {
    sources::EvalSetSpec labelled;
    labelled.name = "labelled";
    labelled.path = dataSpecFrom(Args({"--data", *data}, kDataOptions, {}), {}).path;
    labelled.read = read;
    request.labelled = labelled;
  }
  if (auto pool = args.get("unlabelled")) {
    request.unlabelled = std::filesystem::path(*pool);
    request.unlabelledRead.textColumn = read.textColumn;
  }
  if (!request.labelled && !request.unlabelled)
    throw UsageError("give --data LABELLED, --unlabelled POOL, or both (see --help)");
  request.method =
      calibration::methodFromString(args.get("method", request.labelled ? "isotonic" : "none"));
  if (auto threshold = args.get("threshold"))
    request.threshold = calibration::ThresholdRule::parse(*threshold);
  request.version = args.get("bundle-version", "");

  const auto outcome = domain::calibrateBundle(request);
  const auto& c = outcome.calibration;
  if (args.has("json")) {
    std::cout << nlohmann::json{{"bundle",
                                 {{"path", std::filesystem::absolute(request.out).string()},
                                  {"name", outcome.manifest.name},
                                  {"version", outcome.manifest.version}}},
                                {"calibration", c.toJson()}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << "calibrated: " << c.describe() << "\n";
  if (c.report.contains("before")) {
    const auto& b = c.report["before"];
    const auto& a = c.report["after"];
    const auto num = [](const nlohmann::json& v) {
      return v.is_number() ? fixed(v.get<double>()) : std::string("n/a");
    };
    std::cout << "  on the " << b.value("rows", 0) << " labelled tweets (fitted on them):\n"
              << "    before: balanced accuracy " << num(b["balanced_accuracy"]) << "  ECE "
              << num(b["ece"]) << "  Brier " << num(b["brier"]) << "  predicted positive "
              << num(b["predicted_positive_rate"]) << " (true " << num(b["positive_rate"]) << ")\n"
              << "    after:  balanced accuracy " << num(a["balanced_accuracy"]) << "  ECE "
              << num(a["ece"]) << "  Brier " << num(a["brier"]) << "  predicted positive "
              << num(a["predicted_positive_rate"]) << "\n";
  }
  if (c.prior) {
    std::cout << "  prior on " << c.prior->rows
              << " unlabelled tweets: " << fixed(c.prior->sourcePrior, 3) << " -> "
              << fixed(c.prior->targetPrior, 3) << " (EM, " << c.prior->iterations << " iterations"
              << (c.prior->converged ? "" : ", NOT converged") << ")\n";
  }
  std::cout << "  bundle: " << std::filesystem::absolute(request.out).string() << " (version "
            << outcome.manifest.version << ")\n";
  return 0;
}

}  // namespace tweetlab::cli
