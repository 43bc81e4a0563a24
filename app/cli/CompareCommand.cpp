#include <iostream>
#include <optional>

#include "app/cli/Commands.h"
#include "app/cli/CommonOptions.h"
#include "app/cli/ResultPrinter.h"
#include "app/cli/TerminalObserver.h"
#include "app/cli/TrackingFlags.h"
#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/experiment/Experiment.h"
#include "core/models/Classifier.h"

namespace tweetlab::cli {

int runCompare(const Argv& argv) {
  static const char* kHelp =
      "Usage: tweetlab-cli compare [--data FILE] [--models logreg,fasttext] [--preprocess "
      "none,stem,lemma]\n"
      "                            [--bert DIR] [--out DIR] [--json]\n\n"
      "Trains every model x preprocessing pair on the same sample and split (the bundled\n"
      "Sentiment140 sample unless --data is given) and prints a table sorted by validation\n"
      "accuracy. With --out, each run's bundle is written to DIR/<model>-<preprocessing>.\n"
      "Without --models every family runs except bert, which needs a checkpoint: --bert DIR\n"
      "(a Hugging Face checkpoint directory, see docs/bert.md) adds it.\n\n";
  auto valued = kDataOptions;
  valued.insert({"models", "preprocess", "out", "threads", "bert"});
  valued.insert(kSourceOptions.begin(), kSourceOptions.end());
  valued.insert(kTrackingOptions.begin(), kTrackingOptions.end());
  auto flags = kTrackingFlags;
  flags.insert({"help", "json", "quiet"});
  Args args(argv, valued, flags);
  if (args.has("help")) {
    std::cout << kHelp << kTrackingHelp << kDataHelp << kSourcesHelp;
    return 0;
  }
  auto dataSpec = dataSpecFrom(args);
  if (dataSpec.path.empty())
    dataSpec = dataSpecFrom(Args({"--data", "sample"}, kDataOptions, {}), dataSpec);
  std::vector<std::string> families;
  if (auto list = args.get("models")) {
    families = splitList(*list);
  } else {
    // bert cannot run without a checkpoint directory the user brings; the others need nothing.
    for (const auto& family : models::classifierFamilies()) {
      if (family != "bert" || args.has("bert")) families.push_back(family);
    }
  }
  // Every family's parameters are checked before any data is loaded or any model trained, so a
  // mistake (bert named without --bert) costs nothing.
  auto paramsFor = [&](const std::string& family) {
    nlohmann::json params = {{"seed", dataSpec.seed}};
    if (auto bert = args.get("bert"); bert && family == "bert") params["bert"] = *bert;
    return params;
  };
  for (const auto& family : families) models::makeClassifier(family, paramsFor(family));
  std::vector<text::Morphology> morphologies;
  for (const auto& m : splitList(args.get("preprocess", "none"))) {
    morphologies.push_back(text::morphologyFromString(m));
  }
  const long threads = args.getInt("threads", 0);
  if (threads < 0) throw UsageError("--threads must be >= 0");
  const bool json = args.has("json");

  CliTracking tracking(args);
  TerminalObserver::installInterruptHandler();
  TerminalObserver observer(args.has("quiet"));
  const auto prepared = experiment::prepareData(dataSpec, observer);
  if (!json) printLoadReport(std::cout, prepared.report);

  std::vector<experiment::ExperimentResult> results;
  for (const auto& family : families) {
    for (auto morphology : morphologies) {
      experiment::ExperimentSpec spec;
      spec.data = dataSpec;
      spec.preprocessing.morphology = morphology;
      spec.model.family = family;
      spec.model.params = paramsFor(family);
      spec.threads = static_cast<unsigned>(threads);
      observer.status("training " + spec.displayName());
      std::optional<tracking::RunRecorder> recorder;
      if (tracking.enabled()) recorder.emplace(spec, tracking.options(), observer);
      train::TrainObserver& watching =
          recorder ? static_cast<train::TrainObserver&>(*recorder) : observer;
      try {
        results.push_back(experiment::runExperiment(spec, prepared, watching));
      } catch (const CancelledError&) {
        if (recorder) recorder->cancel();
        throw;
      } catch (const std::exception& e) {
        if (recorder) recorder->fail(firstLine(e.what(), 500));
        throw;
      }
      if (!json) printResult(std::cout, results.back());
      if (recorder) {
        const auto tracked = recorder->finish(results.back());
        if (!json) std::cout << CliTracking::describe(tracked, tracking.options()) << "\n";
      }
      if (auto out = args.get("out")) {
        experiment::exportBundle(results.back(), std::filesystem::path(*out) /
                                                     (family + "-" + text::toString(morphology)));
      }
    }
  }
  if (json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& r : results) all.push_back(r.summary());
    std::cout << all.dump(2) << "\n";
  } else {
    std::vector<const experiment::ExperimentResult*> rows;
    for (const auto& r : results) rows.push_back(&r);
    std::cout << "\n";
    printComparison(std::cout, rows);
  }
  return 0;
}

}  // namespace tweetlab::cli
