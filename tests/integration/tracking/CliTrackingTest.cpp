// The CLI side of tracking, as a user runs it: `train --tracking-uri` records the run locally and
// pushes it to MLflow (here the contract-enforcing stand-in on loopback); with the server down the
// push is queued and `sync` sends it later, once; `runs` lists, shows and deletes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "core/tracking/RunStore.h"
#include "tests/support/MlflowTestServer.h"
#include "tests/support/TempDir.h"

namespace tweetlab::tracking {
namespace {

struct Output {
  int code;
  std::string text;
};

// Runs tweetlab-cli with a clean MLflow environment; stdout and stderr together.
Output cli(const std::string& arguments) {
  const std::string command = "env -u MLFLOW_TRACKING_URI QT_QPA_PLATFORM=offscreen " +
                              std::string(TWEETLAB_CLI) + " " + arguments + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::string text;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    text.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

const std::string kTrain =
    "train --data sample --sample 600 --model logreg --cv 0 --quiet --threads 1";

TEST(CliTracking, TrainRecordsTheRunAndPushesItToMlflow) {
  testing::TempDir dir;
  testing::MlflowTestServer server;
  const auto out = cli(kTrain + " --store " + dir.path().string() + " --tracking-uri " +
                       server.uri() + " --experiment cli-test --json");
  ASSERT_EQ(out.code, 0) << out.text;
  const auto json = nlohmann::json::parse(out.text.substr(out.text.find('{')));
  EXPECT_TRUE(json["tracking"]["pushed"].get<bool>()) << out.text;
  ASSERT_EQ(server.runs().size(), 1U);
  const auto run = server.runs().front();
  EXPECT_EQ(run.status, "FINISHED");
  EXPECT_EQ(run.tags.at("mlflow.source.name"), "tweetlab-cli");
  EXPECT_EQ(json["tracking"]["mlflow_run_id"], run.id);
  EXPECT_EQ(server.modelVersions().size(), 1U);
  EXPECT_TRUE(
      server.artifacts().count(run.experimentId + "/" + run.id + "/artifacts/plots/roc_curve.png"));

  const auto remote = cli("runs remote --experiment cli-test --tracking-uri " + server.uri());
  EXPECT_NE(remote.text.find(run.id), std::string::npos) << remote.text;

  const auto listed = cli("runs list --json --store " + dir.path().string());
  ASSERT_EQ(listed.code, 0) << listed.text;
  const auto runs = nlohmann::json::parse(listed.text.substr(listed.text.find('[')));
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0]["mlflow_run_id"], run.id);
  const std::string id = runs[0]["id"];
  const auto shown = cli("runs show " + id.substr(0, 6) + " --store " + dir.path().string());
  EXPECT_NE(shown.text.find("plots/roc_curve.png"), std::string::npos) << shown.text;
  EXPECT_EQ(cli("runs delete " + id + " --store " + dir.path().string()).code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "artifacts" / id));
}

TEST(CliTracking, ServerDownQueuesAndSyncPushesOnce) {
  testing::TempDir dir;
  testing::MlflowTestServer server;
  server.stop();
  const auto train =
      cli(kTrain + " --store " + dir.path().string() + " --tracking-uri " + server.uri());
  ASSERT_EQ(train.code, 0) << train.text;  // the run is safe locally; the push waits
  EXPECT_NE(train.text.find("push queued"), std::string::npos) << train.text;
  EXPECT_EQ(cli("sync --store " + dir.path().string()).code, 1);  // still down
  server.start();
  const auto sync = cli("sync --store " + dir.path().string());
  EXPECT_EQ(sync.code, 0) << sync.text;
  EXPECT_NE(sync.text.find("1 run(s) pushed"), std::string::npos) << sync.text;
  EXPECT_EQ(cli("sync --store " + dir.path().string()).code, 0);
  EXPECT_EQ(server.runs().size(), 1U);
  EXPECT_EQ(server.modelVersions().size(), 1U);
}

TEST(CliTracking, NoTrackLeavesTheStoreAlone) {
  testing::TempDir dir;
  ASSERT_EQ(cli(kTrain + " --no-track --store " + dir.path().string()).code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "runs.db"));
}

TEST(CliTracking, AMissingBertCheckpointIsReportedBeforeAnythingIsTrainedOrRecorded) {
  testing::TempDir dir;
  for (const std::string command :
       {"compare --models logreg,bert", "train --data sample --model bert"}) {
    const auto out = cli(command + " --sample 600 --store " + dir.path().string());
    EXPECT_EQ(out.code, 1) << out.text;
    EXPECT_NE(out.text.find("--bert DIR"), std::string::npos) << out.text;
    EXPECT_EQ(out.text.find("rows read"), std::string::npos)
        << "the data was loaded first: " << out.text;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "runs.db"));  // no run, not even a FAILED one
  }
}

}  // namespace
}  // namespace tweetlab::tracking
