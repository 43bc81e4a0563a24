#pragma once
// `tweetlab-cli grid SPEC --executor slurm ...` and `tweetlab-cli grid status JOB`: the grid's
// experiments as one Slurm job array (core/cluster/SlurmGrid.h), and each task's Slurm state
// beside the MLflow run it tracked.
#include <set>
#include <string>
#include <vector>

#include "app/cli/Args.h"
#include "app/cli/Commands.h"
#include "core/experiment/ExperimentSpec.h"

namespace tweetlab::cli {

extern const std::set<std::string> kSlurmOptions;  // executor, partition, time, ... workdir
extern const char* const kSlurmHelp;

// Submits `specs` as one job array; prints the job id (or JSON with --json). UsageError for an
// unknown --executor value or Slurm flags without --executor slurm.
int submitGridToSlurm(const Args& args, const std::vector<experiment::ExperimentSpec>& specs);

// tweetlab-cli grid status JOB [--tracking-uri URL] [--experiment NAME] [--wait] [--json]
int runGridStatus(const Argv& argv);

}  // namespace tweetlab::cli
