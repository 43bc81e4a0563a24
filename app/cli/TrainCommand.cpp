#include <iostream>

#include "app/cli/CommonOptions.h"
#include "app/cli/Commands.h"
#include "app/cli/ResultPrinter.h"
#include "app/cli/TerminalObserver.h"
#include "core/common/Numbers.h"
#include "core/experiment/Experiment.h"

namespace tweetlab::cli {
namespace {

const char* kHelp =
    "Usage: tweetlab-cli train --data FILE --model logreg|fasttext [options] [--out BUNDLE_DIR]\n"
    "       tweetlab-cli train --spec SPEC.json [options overriding the spec]\n\n"
    "Samples and splits the data, preprocesses, fits the model on the training split, scores it\n"
    "on validation (for comparing models) and test (the final check), and saves a bundle.\n\n"
    "Model:\n"
    "  --model F              logreg|fasttext                            (logreg)\n"
    "  --cv K                 logreg: K-fold CV over --c-grid on the training split; 0 = off (5)\n"
    "  --C X                  logreg: C when CV is off                   (1)\n"
    "  --c-grid A,B,...       logreg: values of C tried by CV            (0.25,0.5,1,2,4)\n"
    "  --epochs N --dim N --lr X --word-ngrams N   fastText hyper-parameters\n"
    "  --param KEY=VALUE      any other model parameter (JSON value), repeatable\n"
    "  --threads N            worker threads, 0 = all cores              (0)\n\n"
    "Output:\n"
    "  --out DIR              write the model bundle to DIR\n"
    "  --name NAME            run/bundle name; --bundle-version V  bundle version\n"
    "  --json                 print one JSON object (val_accuracy, val_auc, ...) on stdout\n"
    "  --quiet                no progress output\n\n";

}  // namespace

int runTrain(const Argv& argv) {
  auto valued = kDataOptions;
  valued.insert(kPreprocessOptions.begin(), kPreprocessOptions.end());
  valued.insert({"spec", "model", "cv", "C", "c-grid", "epochs", "dim", "lr", "word-ngrams", "param",
                 "threads", "out", "name", "bundle-version"});
  auto flags = kPreprocessFlags;
  flags.insert({"help", "json", "quiet"});
  Args args(argv, valued, flags);
  if (args.has("help")) {
    std::cout << kHelp << kDataHelp << kPreprocessHelp;
    return 0;
  }

  experiment::ExperimentSpec spec;
  if (auto file = args.get("spec")) spec = experiment::readExperimentSpec(*file);
  spec.name = args.get("name", spec.name);
  spec.data = dataSpecFrom(args, spec.data);
  if (spec.data.path.empty()) throw UsageError("--data (or data.path in --spec) is required (see --help)");
  spec.preprocessing = preprocessFrom(args, spec.preprocessing);
  if (auto model = args.get("model")) {
    if (*model != spec.model.family) spec.model.params = nlohmann::json::object();
    spec.model.family = *model;
  }
  auto& params = spec.model.params;
  if (params.is_null()) params = nlohmann::json::object();
  if (args.has("cv")) params["cv"] = args.getInt("cv", 5);
  if (args.has("C")) params["C"] = args.getDouble("C", 1.0);
  if (auto grid = args.get("c-grid")) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& item : splitList(*grid)) {
      auto value = parseDouble(item);
      if (!value) throw UsageError("--c-grid expects numbers separated by commas, not '" + *grid + "'");
      values.push_back(*value);
    }
    params["c_grid"] = values;
  }
  if (args.has("epochs")) params["epochs"] = args.getInt("epochs", 10);
  if (args.has("dim")) params["dim"] = args.getInt("dim", 50);
  if (args.has("lr")) params["lr"] = args.getDouble("lr", 0.1);
  if (args.has("word-ngrams")) params["word_ngrams"] = args.getInt("word-ngrams", 2);
  params = paramsFrom(args, params);
  if (!params.contains("seed")) params["seed"] = spec.data.seed;
  const long threads = args.getInt("threads", static_cast<long>(spec.threads));
  if (threads < 0) throw UsageError("--threads must be >= 0");
  spec.threads = static_cast<unsigned>(threads);

  const bool json = args.has("json");
  TerminalObserver::installInterruptHandler();
  TerminalObserver observer(args.has("quiet"));
  const auto prepared = experiment::prepareData(spec.data, observer);
  if (!json) printLoadReport(std::cout, prepared.report);
  const auto result = experiment::runExperiment(spec, prepared, observer);

  nlohmann::json summary = result.summary();
  summary["spec"] = experiment::toJson(spec);
  if (auto out = args.get("out")) {
    const auto manifest = experiment::exportBundle(result, *out, args.get("name", ""),
                                                   args.get("bundle-version", ""));
    summary["bundle"] = {{"path", std::filesystem::absolute(*out).string()},
                         {"name", manifest.name},
                         {"version", manifest.version}};
  }
  if (json) {
    std::cout << summary.dump(2) << "\n";
  } else {
    printResult(std::cout, result);
    if (summary.contains("bundle")) {
      std::cout << "  bundle: " << summary["bundle"]["path"].get<std::string>() << " (version "
                << summary["bundle"]["version"].get<std::string>() << ")\n";
    }
  }
  return 0;
}

}  // namespace tweetlab::cli
