#pragma once
// A real one-node Slurm cluster for the tests of this folder: Debian's slurm-wlm and munge,
// started once per test program by tests/support/slurm/one-node-cluster.sh under a temporary
// directory and stopped at the end, and the MLflow contract server (tests/support) receiving the
// runs over loopback. Helpers run tweetlab-cli as a user would.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/ChildProcess.h"
#include "tests/support/MlflowTestServer.h"
#include "tests/support/TempDir.h"

namespace tweetlab {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::ChildProcess;

const std::string kScript =
    std::string(TWEETLAB_SOURCE_DIR) + "/tests/support/slurm/one-node-cluster.sh";

class SlurmCluster : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    ChildProcess start({"bash", kScript, "start", (dir_->path() / "slurm").string()},
                       dir_->path() / "start.log");
    const auto status = start.wait(60s);
    startLog_ = start.log();
    if (status != 0) return;
    ::setenv("SLURM_CONF", (dir_->path() / "slurm" / "slurm.conf").c_str(), 1);
    // sbatch passes the environment on: the data-parallel runs meet on a port free now rather
    // than the one derived from the job id (other programs on this machine may hold that one).
    ::setenv("MASTER_PORT", std::to_string(testing::freeLoopbackPort()).c_str(), 1);
    mlflow_ = new testing::MlflowTestServer;
    running_ = true;
  }
  static void TearDownTestSuite() {
    ChildProcess stop({"bash", kScript, "stop", (dir_->path() / "slurm").string()},
                      dir_->path() / "stop.log");
    stop.wait(60s);
    delete mlflow_;
    delete dir_;
  }
  void SetUp() override {
    ASSERT_TRUE(running_) << "the one-node cluster did not start:\n" << startLog_;
  }

  // Runs tweetlab-cli to its end; its output (stdout and stderr).
  static std::pair<int, std::string> cli(const std::vector<std::string>& args,
                                         std::chrono::seconds timeout = 120s) {
    std::vector<std::string> argv{TWEETLAB_CLI};
    argv.insert(argv.end(), args.begin(), args.end());
    static int calls = 0;
    ChildProcess process(argv, dir_->path() / ("cli-" + std::to_string(++calls) + ".log"));
    const auto status = process.wait(timeout);
    return {status.value_or(-1), process.log()};
  }

  static json submit(const json& spec, const std::string& name, std::vector<std::string> extra) {
    const auto file = dir_->path() / (name + ".json");
    std::ofstream(file) << spec.dump(2);
    std::vector<std::string> args{
        "grid",         file.string(),  "--executor", "slurm",     "--tracking-uri",
        mlflow_->uri(), "--experiment", name,         "--workdir", (dir_->path() / name).string(),
        "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto [status, output] = cli(args);
    EXPECT_EQ(status, 0) << output;
    return json::parse(output.substr(output.find('{')), nullptr, false);
  }

  static json waitForGrid(const std::string& job, const std::string& experiment) {
    const auto [status, output] =
        cli({"grid", "status", job, "--tracking-uri", mlflow_->uri(), "--experiment", experiment,
             "--wait", "--timeout", "400", "--json"},
            450s);
    EXPECT_EQ(status, 0) << output;
    return json::parse(output.substr(output.find('{')), nullptr, false);
  }

  static std::string taskLog(const std::string& grid, int task) {
    std::ifstream in(dir_->path() / grid / ("task-" + std::to_string(task) + ".out"));
    return {std::istreambuf_iterator<char>(in), {}};
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline testing::MlflowTestServer* mlflow_ = nullptr;
  static inline bool running_ = false;
  static inline std::string startLog_;
};

}  // namespace tweetlab
