#include <iostream>

#include "app/cli/Commands.h"
#include "app/cli/CommonOptions.h"
#include "app/cli/TerminalObserver.h"
#include "core/data/SplitExport.h"
#include "core/experiment/Experiment.h"

namespace tweetlab::cli {

int runSplit(const Argv& argv) {
  static const char* kHelp =
      "Usage: tweetlab-cli split --data FILE [--sample N --split T,V,E --seed S] --out DIR\n\n"
      "Samples and splits a dataset exactly as `train` does and writes DIR/train.csv, val.csv and\n"
      "test.csv (header text,label; labels 0/1) plus split.json, so outside tools can be measured\n"
      "on the same rows.\n\n";
  auto valued = kDataOptions;
  valued.insert("out");
  Args args(argv, valued, {"help", "quiet"});
  if (args.has("help")) {
    std::cout << kHelp << kDataHelp;
    return 0;
  }
  const auto spec = dataSpecFrom(args);
  if (spec.path.empty()) throw UsageError("--data is required (see --help)");
  const std::filesystem::path out = args.require("out");
  TerminalObserver observer(args.has("quiet"));
  const auto prepared = experiment::prepareData(spec, observer);
  data::exportSplit(prepared.split, out);
  std::cout << prepared.report.summary() << "\n"
            << "wrote " << (out / "train.csv").string() << " (" << prepared.split.train.size()
            << "), val.csv (" << prepared.split.val.size() << "), test.csv ("
            << prepared.split.test.size() << ")\n"
            << "dataset digest " << prepared.split.digest << "\n";
  return 0;
}

}  // namespace tweetlab::cli
