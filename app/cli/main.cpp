// tweetlab-cli: the headless face of TweetLab (scripts, CI, benchmarks).
#include <QtGlobal>
#include <iostream>
#include <map>

#include "app/cli/Args.h"
#include "app/cli/Commands.h"
#include "app/cli/RunsCommands.h"
#include "app/common/OpenMpWaitPolicy.h"
#include "app/common/VersionReport.h"
#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/common/Version.h"

namespace {

const char* kUsage =
    "Usage: tweetlab-cli <command> [options]     (tweetlab-cli <command> --help for details)\n\n"
    "Commands:\n"
    "  compare    train several models on the same split and compare them (the main job)\n"
    "  train      train one model and save its bundle\n"
    "  split      write the train/val/test split as CSV files\n"
    "  predict    predict the sentiment of texts with a bundle\n"
    "  evaluate   score a bundle on labelled files (balanced accuracy, calibration, ...)\n"
    "  calibrate  write a bundle whose probabilities and threshold fit the target domain\n"
    "  suggest    rank unlabelled tweets: which to label next\n"
    "  curve      target accuracy against the number of target labels, per strategy\n"
    "  grid       run a grid of experiments from a JSON spec and rank them\n"
    "  runs       list/show/compare/delete the tracked runs of the local run store\n"
    "  sync       push runs whose MLflow push is pending\n\n"
    "  --version  print the version, the git commit and the library versions\n";

void printVersion() {
  std::cout << tweetlab::app::versionReport("tweetlab-cli", {{"Qt", qVersion()}});
}

}  // namespace

int main(int argc, char** argv) {
  tweetlab::app::preferPassiveOpenMpWait(argv);  // first: it may restart the program
  using namespace tweetlab::cli;
  const std::map<std::string, int (*)(const Argv&)> commands{
      {"split", &runSplit},     {"train", &runTrain},       {"compare", &runCompare},
      {"predict", &runPredict}, {"evaluate", &runEvaluate}, {"grid", &runGrid},
      {"runs", &runRuns},       {"sync", &runSync},         {"calibrate", &runCalibrate},
      {"suggest", &runSuggest}, {"curve", &runCurve}};
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string name = argv[1];
  if (name == "--version") {
    printVersion();
    return 0;
  }
  auto command = commands.find(name);
  if (command == commands.end()) {
    std::cerr << "tweetlab-cli: unknown command '" << name << "'\n" << kUsage;
    return 2;
  }
  try {
    return command->second(Argv(argv + 2, argv + argc));
  } catch (const UsageError& e) {
    std::cerr << "tweetlab-cli " << name << ": " << e.what() << "\n";
    return 2;
  } catch (const tweetlab::CancelledError&) {
    std::cerr << "tweetlab-cli " << name << ": cancelled\n";
    return 130;
  } catch (const std::exception& e) {
    // One line: a library's message may carry a backtrace (LibTorch) or quote its input.
    std::cerr << "tweetlab-cli " << name << ": error: " << tweetlab::firstLine(e.what(), 500)
              << "\n";
    return 1;
  }
}
