#pragma once
// `tweetlab-cli runs` and `tweetlab-cli sync` (app/cli/RunsCommand.cpp).
#include "app/cli/Commands.h"

namespace tweetlab::cli {

int runRuns(const Argv& argv);
int runSync(const Argv& argv);

}  // namespace tweetlab::cli
