#pragma once
// One function per tweetlab-cli command. Each takes the arguments after the command name and
// returns the process exit code; errors propagate as exceptions handled in main().
#include <string>
#include <vector>

namespace tweetlab::cli {

using Argv = std::vector<std::string>;

int runSplit(const Argv& argv);
int runTrain(const Argv& argv);
int runCompare(const Argv& argv);
int runPredict(const Argv& argv);
int runEvaluate(const Argv& argv);
int runGrid(const Argv& argv);
int runCalibrate(const Argv& argv);
int runSuggest(const Argv& argv);
int runCurve(const Argv& argv);

}  // namespace tweetlab::cli
