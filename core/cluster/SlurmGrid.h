#pragma once
// A grid of experiments sent to a Slurm cluster as one job array: one array task per
// experiment, each running `tweetlab-cli train --spec <its spec>` with the runs landing in MLflow
// (the nodes' own run stores are not the user's). With ntasks > 1 each task is a data-parallel
// run: srun starts ntasks ranks that meet through the Slurm variables (core/distributed).
// Driven through Slurm's own clients (sbatch, squeue, sacct, scontrol): no scheduler of ours.
// Plain C++: the CLI's `grid --executor slurm` / `grid status` and the Train page share it.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/experiment/ExperimentSpec.h"

namespace tweetlab::cluster {

// What each array task asks Slurm for (the sbatch options of the same names); empty or 0 leaves
// it to the cluster's defaults.
struct SlurmResources {
  std::string partition;  // --partition
  std::string time;       // --time, e.g. "02:00:00"
  int cpusPerTask = 0;    // --cpus-per-task (also each rank's torch threads)
  std::string mem;        // --mem, e.g. "8G"
  std::string gres;       // --gres, e.g. "gpu:1"
  int ntasks = 1;         // --ntasks: > 1 runs each experiment data-parallel with srun
};

struct GridSubmission {
  std::vector<experiment::ExperimentSpec> specs;  // one array task each, in this order
  SlurmResources resources;
  // Seen by the submitting host and the nodes alike (a shared file system): the task specs, the
  // batch script, each task's log and run store.
  std::filesystem::path workDir;
  std::filesystem::path program;  // tweetlab-cli as the nodes find it (absolute)
  std::string trackingUri;        // required: where the runs land
  std::string experiment = "tweetlab";
  std::string jobName = "tweetlab-grid";
};

struct SubmittedGrid {
  std::string jobId;  // the array's job id
  std::filesystem::path workDir;
  std::filesystem::path script;
  std::size_t tasks = 0;
};

// The sbatch script for the submission (pure: what submitGrid writes). InputError for an empty
// grid, a missing tracking URI or program, or resources out of range.
std::string batchScript(const GridSubmission& submission);

// Writes task-<i>.json, grid.sbatch and grid.json into workDir, then `sbatch --parsable`.
// InputError as batchScript; IoError with sbatch's own message when it refuses (e.g. an unknown
// partition) or is not installed.
SubmittedGrid submitGrid(const GridSubmission& submission);

// One array task as Slurm reports it.
struct TaskState {
  int task = -1;         // array index = position in the grid
  std::string jobId;     // "<array job>_<task>"
  std::string state;     // PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...
  std::string exitCode;  // "0:0" once ended; empty while queued or running
  std::string elapsed;   // as Slurm prints it
  std::string nodes;     // where it runs or ran; for pending tasks the reason
};

// Every task of array job `jobId`: squeue for queued and running ones, then sacct for the ended
// ones, or scontrol when the cluster keeps no accounting (it remembers ended jobs for
// MinJobAge). Sorted by task. IoError when Slurm cannot be asked or does not know the job.
std::vector<TaskState> gridTaskStates(const std::string& jobId);

// Parsers of the clients' outputs (exposed for tests): squeue --array --noheader
// --format='%i|%T|%M|%N|%r', sacct --parsable2 --noheader --allocations
// --format=JobID,State,ExitCode,Elapsed,NodeList, and scontrol --oneliner show job.
std::vector<TaskState> parseSqueue(const std::string& out);
std::vector<TaskState> parseSacct(const std::string& out);
std::vector<TaskState> parseScontrol(const std::string& out);

// The run tags that tie a tracked run to the Slurm task it ran in (tweetlab.slurm_job_id = the
// array's job id, tweetlab.slurm_array_task_id, tweetlab.slurm_ntasks), read from the variables
// Slurm sets; empty outside Slurm.
std::map<std::string, std::string> slurmRunTags();
inline constexpr const char* kSlurmJobTag = "tweetlab.slurm_job_id";
inline constexpr const char* kSlurmTaskTag = "tweetlab.slurm_array_task_id";

// True for the states Slurm never leaves (COMPLETED, FAILED, CANCELLED, TIMEOUT, ...).
bool isFinalState(const std::string& state);

}  // namespace tweetlab::cluster
