#include <iostream>

#include "app/cli/Commands.h"
#include "app/cli/CommonOptions.h"
#include "app/cli/ResultPrinter.h"
#include "app/cli/TerminalObserver.h"
#include "core/bundle/Predictor.h"
#include "core/data/DatasetLoader.h"
#include "core/eval/Stopwatch.h"

namespace tweetlab::cli {

int runPredict(const Argv& argv) {
  static const char* kHelp =
      "Usage: tweetlab-cli predict --bundle DIR [--json] \"text\" ...\n"
      "       ... | tweetlab-cli predict --bundle DIR [--json]     (one text per stdin line)\n\n"
      "Prints the sentiment, P(positive) and the text for each input.\n";
  Args args(argv, {"bundle"}, {"help", "json"});
  if (args.has("help")) {
    std::cout << kHelp;
    return 0;
  }
  const auto predictor = bundle::Predictor::load(args.require("bundle"));
  std::vector<std::string> texts = args.positionals();
  if (texts.empty()) {
    for (std::string line; std::getline(std::cin, line);) {
      if (!line.empty()) texts.push_back(line);
    }
  }
  if (texts.empty()) throw UsageError("no text to predict: pass texts as arguments or on stdin");
  const auto predictions = predictor->predict(texts);
  if (args.has("json")) {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < texts.size(); ++i) {
      out.push_back({{"text", texts[i]},
                     {"sentiment", predictions[i].sentiment},
                     {"label", predictions[i].label},
                     {"score", predictions[i].confidence},
                     {"p_positive", predictions[i].probabilityPositive}});
    }
    std::cout << out.dump(2) << "\n";
  } else {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      std::cout << predictions[i].sentiment << "\t" << fixed(predictions[i].probabilityPositive)
                << "\t" << texts[i] << "\n";
    }
  }
  return 0;
}

int runEvaluate(const Argv& argv) {
  static const char* kHelp =
      "Usage: tweetlab-cli evaluate --bundle DIR --data FILE [--format F --text-column C\n"
      "                             --label-column L --encoding E] [--json]\n\n"
      "Scores a bundle on every loadable row of FILE (no sampling).\n";
  Args args(argv, {"bundle", "data", "format", "text-column", "label-column", "encoding"},
            {"help", "json", "quiet"});
  if (args.has("help")) {
    std::cout << kHelp;
    return 0;
  }
  const auto predictor = bundle::Predictor::load(args.require("bundle"));
  auto spec = dataSpecFrom(args);
  if (spec.path.empty()) throw UsageError("--data is required (see --help)");
  TerminalObserver observer(args.has("quiet"));
  auto loaded = data::loadDataset(spec.path, spec.read);
  eval::Stopwatch clock;
  const auto scores = predictor->probabilities(loaded.dataset.texts());
  const double seconds = clock.seconds();
  const auto metrics =
      eval::evaluate(loaded.dataset.labels(), scores, predictor->manifest().threshold);
  if (args.has("json")) {
    auto out = eval::toJson(metrics);
    out["bundle"] = {{"name", predictor->manifest().name},
                     {"version", predictor->manifest().version}};
    out["predict_time_s"] = seconds;
    out["rows_skipped"] = loaded.report.skippedCount;
    std::cout << out.dump(2) << "\n";
  } else {
    printLoadReport(std::cout, loaded.report);
    std::cout << predictor->manifest().name << " " << predictor->manifest().version << " on "
              << spec.path.filename().string() << "\n";
    printMetrics(std::cout, "", metrics);
    std::cout << "  predict " << fixed(seconds, 3) << " s\n";
  }
  return 0;
}

}  // namespace tweetlab::cli
