// Grids on a real Slurm: Debian's slurm-wlm and munge configured as a one-node cluster on this
// machine, started and stopped by this fixture (tests/support/slurm/one-node-cluster.sh), with the
// MLflow contract server (tests/support) receiving the runs over loopback. A 4-task grid array
// lands four runs in MLflow and `grid status` ties each task to its run; a 2-task srun run trains
// data-parallel and only its rank 0 tracks.
#include <set>

#include "tests/integration/cluster/SlurmClusterFixture.h"

namespace tweetlab {
namespace {

TEST_F(SlurmCluster, AFourTaskGridArrayLandsEveryRunInMlflow) {
  const json spec = {{"data", {{"path", "sample"}, {"sample", 1200}, {"seed", 3}}},
                     {"model", {{"family", "logreg"}, {"params", {{"cv", 0}}}}},
                     {"grid", {{"model.params.C", {0.25, 0.5, 1, 4}}}}};
  const auto submitted = submit(spec, "array", {"--cpus-per-task", "1", "--time", "00:10:00"});
  ASSERT_TRUE(submitted.contains("job_id")) << submitted;
  EXPECT_EQ(submitted.value("tasks", 0), 4);
  const std::string job = submitted.at("job_id");

  const auto status = waitForGrid(job, "array");
  ASSERT_EQ(status.at("tasks").size(), 4u) << status.dump(2);
  EXPECT_TRUE(status.value("all_completed", false)) << status.dump(2);
  std::set<std::string> runIds;
  for (const auto& task : status.at("tasks")) {
    EXPECT_EQ(task.value("state", ""), "COMPLETED")
        << task << taskLog("array", task.value("task", 0));
    EXPECT_EQ(task.value("exit_code", ""), "0:0");
    ASSERT_TRUE(task.at("mlflow_run_id").is_string()) << task;
    EXPECT_EQ(task.value("run_status", ""), "FINISHED");
    EXPECT_GT(task.value("val_accuracy", 0.0), 0.55);
    runIds.insert(task.at("mlflow_run_id").get<std::string>());
  }
  EXPECT_EQ(runIds.size(), 4u);

  // What the MLflow server received: four finished runs, one per C, tagged with job and task.
  std::set<std::string> cs, tasks;
  for (const auto& run : mlflow_->runs()) {
    if (!run.tags.count("tweetlab.slurm_job_id") || run.tags.at("tweetlab.slurm_job_id") != job)
      continue;
    EXPECT_EQ(run.status, "FINISHED");
    cs.insert(run.params.at("model.params.C"));
    tasks.insert(run.tags.at("tweetlab.slurm_array_task_id"));
  }
  EXPECT_EQ(cs, (std::set<std::string>{"0.25", "0.5", "1.0", "4.0"}));
  EXPECT_EQ(tasks, (std::set<std::string>{"0", "1", "2", "3"}));
}

TEST_F(SlurmCluster, TwoTasksUnderSrunTrainOneRunDataParallel) {
  const json spec = {{"data", {{"path", "sample"}, {"sample", 1500}, {"seed", 3}}},
                     {"model",
                      {{"family", "bilstm"},
                       {"params",
                        {{"epochs", 1},
                         {"embedding", "random"},
                         {"dim", 16},
                         {"hidden", 8},
                         {"batch_size", 32}}}}},
                     {"grid", {{"preprocessing.morphology", {"none"}}}}};
  const auto submitted = submit(spec, "srun", {"--ntasks", "2", "--cpus-per-task", "1"});
  ASSERT_TRUE(submitted.contains("job_id")) << submitted;
  const std::string job = submitted.at("job_id");
  const auto status = waitForGrid(job, "srun");
  ASSERT_EQ(status.at("tasks").size(), 1u) << status.dump(2);
  const auto& task = status.at("tasks").at(0);
  EXPECT_EQ(task.value("state", ""), "COMPLETED") << taskLog("srun", 0);
  const auto log = taskLog("srun", 0);
  EXPECT_NE(log.find("rank 1 of 2: trained its share"), std::string::npos) << log;

  // One run, from rank 0, that knows it was trained by two ranks.
  int found = 0;
  for (const auto& run : mlflow_->runs()) {
    if (!run.tags.count("tweetlab.slurm_job_id") || run.tags.at("tweetlab.slurm_job_id") != job)
      continue;
    ++found;
    EXPECT_EQ(run.status, "FINISHED");
    EXPECT_EQ(run.tags.at("tweetlab.world_size"), "2");
    EXPECT_EQ(run.tags.at("tweetlab.slurm_ntasks"), "2");
    EXPECT_EQ(run.params.at("model.params.device"), "cpu");
  }
  EXPECT_EQ(found, 1);
  ASSERT_TRUE(task.at("mlflow_run_id").is_string()) << task;
}

TEST_F(SlurmCluster, StatusOfAnUnknownJobAndASlurmGridWithoutTrackingAreClearErrors) {
  const auto [status, output] = cli({"grid", "status", "987654"});
  EXPECT_EQ(status, 1) << output;
  EXPECT_NE(output.find("Slurm knows no job 987654"), std::string::npos) << output;

  const auto file = dir_->path() / "untracked.json";
  std::ofstream(file)
      << json{{"data", {{"path", "sample"}}}, {"grid", {{"model.params.C", {1, 2}}}}}.dump();
  ChildProcess untracked({TWEETLAB_CLI, "grid", file.string(), "--executor", "slurm"},
                         dir_->path() / "untracked.log", {"MLFLOW_TRACKING_URI="});
  EXPECT_EQ(untracked.wait(60s), 1) << untracked.log();
  EXPECT_NE(untracked.log().find("needs a tracking URI"), std::string::npos) << untracked.log();
}

}  // namespace
}  // namespace tweetlab
