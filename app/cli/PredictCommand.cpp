#include <iostream>

#include "app/cli/Commands.h"
#include "app/cli/CommonOptions.h"
#include "app/cli/ResultPrinter.h"
#include "app/cli/TerminalObserver.h"
#include "core/bundle/Predictor.h"

namespace tweetlab::cli {

int runPredict(const Argv& argv) {
  static const char* kHelp =
      "Usage: tweetlab-cli predict --bundle DIR [--device D] [--json] \"text\" ...\n"
      "       ... | tweetlab-cli predict --bundle DIR [--json]     (one text per stdin line)\n\n"
      "Prints the sentiment, P(positive) and the text for each input.\n"
      "  --device D   where cnn/bilstm/bert compute: auto|cpu|cuda|cuda:N   (auto)\n";
  Args args(argv, {"bundle", "device"}, {"help", "json"});
  if (args.has("help")) {
    std::cout << kHelp;
    return 0;
  }
  const auto predictor =
      bundle::Predictor::load(args.require("bundle"), args.get("device", "auto"));
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

}  // namespace tweetlab::cli
