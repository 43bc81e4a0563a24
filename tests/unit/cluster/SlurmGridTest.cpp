// What `grid --executor slurm` sends to sbatch, and how the states Slurm's clients print are read
// (outputs captured from the real slurm-wlm 22.05, tests/data/slurm).
#include <gtest/gtest.h>

#include <fstream>

#include "core/cluster/SlurmGrid.h"
#include "core/common/Errors.h"

namespace tweetlab::cluster {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(TWEETLAB_SOURCE_DIR) + "/tests/data/slurm/" + name);
  return {std::istreambuf_iterator<char>(in), {}};
}

GridSubmission submission(std::size_t experiments) {
  GridSubmission s;
  for (std::size_t i = 0; i < experiments; ++i) {
    experiment::ExperimentSpec spec;
    spec.model.family = "logreg";
    s.specs.push_back(spec);
  }
  s.workDir = "/shared/grids/g1";
  s.program = "/opt/tweetlab/bin/tweetlab-cli";
  s.trackingUri = "http://mlflow.example:5000";
  s.experiment = "airline tweets";
  return s;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SlurmGrid, OneArrayTaskPerExperimentEachTrainingItsSpecIntoMlflow) {
  auto s = submission(8);
  s.resources.partition = "gpu";
  s.resources.time = "02:00:00";
  s.resources.cpusPerTask = 4;
  s.resources.mem = "16G";
  s.resources.gres = "gpu:1";
  const auto script = batchScript(s);
  EXPECT_TRUE(script.rfind("#!/bin/bash\n", 0) == 0);
  for (const auto* line :
       {"#SBATCH --array=0-7\n", "#SBATCH --chdir=/shared/grids/g1\n",
        "#SBATCH --output=/shared/grids/g1/task-%a.out\n", "#SBATCH --ntasks=1\n",
        "#SBATCH --cpus-per-task=4\n", "#SBATCH --partition=gpu\n", "#SBATCH --time=02:00:00\n",
        "#SBATCH --mem=16G\n", "#SBATCH --gres=gpu:1\n"}) {
    EXPECT_TRUE(has(script, line)) << line << "\n" << script;
  }
  EXPECT_TRUE(has(script,
                  "exec '/opt/tweetlab/bin/tweetlab-cli' train --spec "
                  "\"$dir/task-$task.json\" --store \"$dir/store-$task\" --tracking-uri "
                  "'http://mlflow.example:5000' --experiment 'airline tweets' "
                  "--threads 4\n"))
      << script;
  EXPECT_FALSE(has(script, "srun"));
  EXPECT_FALSE(has(script, "--distributed"));
}

TEST(SlurmGrid, SeveralTasksPerExperimentTrainDataParallelUnderSrun) {
  auto s = submission(2);
  s.resources.ntasks = 4;
  const auto script = batchScript(s);
  EXPECT_TRUE(has(script, "#SBATCH --ntasks=4\n"));
  EXPECT_TRUE(has(script, "exec srun --kill-on-bad-exit=1 '/opt/tweetlab/bin/tweetlab-cli' train"));
  EXPECT_TRUE(has(script, " --distributed\n"));
  // Cluster defaults where nothing was asked for.
  EXPECT_FALSE(has(script, "--partition"));
  EXPECT_FALSE(has(script, "--cpus-per-task"));
  EXPECT_FALSE(has(script, "--threads"));
}

TEST(SlurmGrid, QuotesWhatAShellOrSbatchWouldSplit) {
  auto s = submission(1);
  s.workDir = "/shared/my grids/it's";
  s.trackingUri = "http://h:5000/a b";
  const auto script = batchScript(s);
  EXPECT_TRUE(has(script, "#SBATCH --chdir=\"/shared/my grids/it's\"\n")) << script;
  EXPECT_TRUE(has(script, "dir='/shared/my grids/it'\\''s'\n")) << script;
  EXPECT_TRUE(has(script, "--tracking-uri 'http://h:5000/a b'")) << script;
  s.resources.partition = "a\"b";
  EXPECT_THROW(batchScript(s), InputError);
}

TEST(SlurmGrid, RefusesWhatCouldNotRun) {
  auto s = submission(2);
  s.trackingUri.clear();
  try {
    batchScript(s);
    ADD_FAILURE() << "no tracking URI accepted";
  } catch (const InputError& e) {
    EXPECT_TRUE(has(e.what(), "needs a tracking URI")) << e.what();
  }
  EXPECT_THROW(batchScript(submission(0)), InputError);
  s = submission(1);
  s.resources.ntasks = 0;
  EXPECT_THROW(batchScript(s), InputError);
}

TEST(SlurmGrid, ReadsSqueuesQueuedAndRunningTasks) {
  const auto states = parseSqueue(fixture("squeue-running.txt"));
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(states[0].task, 1);
  EXPECT_EQ(states[0].jobId, "5_1");
  EXPECT_EQ(states[0].state, "PENDING");
  EXPECT_EQ(states[0].nodes, "(Resources)");
  EXPECT_EQ(states[2].task, 0);
  EXPECT_EQ(states[2].state, "RUNNING");
  EXPECT_EQ(states[2].nodes, "vm");
  // Pending elements squeue prints as one range.
  const auto range = parseSqueue("12_[2-4%2]|PENDING|0:00||JobArrayTaskLimit\n");
  ASSERT_EQ(range.size(), 3u);
  EXPECT_EQ(range[0].jobId, "12_2");
  EXPECT_EQ(range[2].task, 4);
}

TEST(SlurmGrid, ReadsEndedTasksFromScontrolWithoutAccounting) {
  auto states = parseScontrol(fixture("scontrol-ended.txt"));
  ASSERT_EQ(states.size(), 3u);
  std::sort(states.begin(), states.end(),
            [](const TaskState& a, const TaskState& b) { return a.task < b.task; });
  EXPECT_EQ(states[0].jobId, "5_0");
  EXPECT_EQ(states[0].state, "COMPLETED");
  EXPECT_EQ(states[0].exitCode, "0:0");
  EXPECT_EQ(states[1].state, "FAILED");
  EXPECT_EQ(states[1].exitCode, "1:0");
  EXPECT_EQ(states[2].elapsed, "00:00:02");
  EXPECT_EQ(states[2].nodes, "vm");
  for (const auto& s : states) EXPECT_TRUE(isFinalState(s.state));
  EXPECT_FALSE(isFinalState("RUNNING"));
  EXPECT_FALSE(isFinalState("PENDING"));
  EXPECT_TRUE(isFinalState("CANCELLED by 0"));
}

TEST(SlurmGrid, ReadsSacctsParsableLinesAndSkipsJobSteps) {
  // sacct(1) --parsable2 --allocations: one line per array task; job steps (.batch) skipped.
  const auto states = parseSacct(
      "7_0|COMPLETED|0:0|00:01:02|node01\n"
      "7_0.batch|COMPLETED|0:0|00:01:02|node01\n"
      "7_1|CANCELLED by 1000|0:15|00:00:30|node02\n"
      "7_[2-3]|PENDING|0:0|00:00:00|None assigned\n");
  ASSERT_EQ(states.size(), 4u);
  EXPECT_EQ(states[0].state, "COMPLETED");
  EXPECT_EQ(states[1].state, "CANCELLED");
  EXPECT_EQ(states[1].exitCode, "0:15");
  EXPECT_EQ(states[3].task, 3);
}

}  // namespace
}  // namespace tweetlab::cluster
