// A run's name and notes edited locally and sent to its MLflow run, over real HTTP on loopback
// against the contract-enforcing test server.
#include <gtest/gtest.h>
#include <httplib.h>

#include "core/common/Errors.h"
#include "core/tracking/MlflowPush.h"
#include "core/tracking/RunEdits.h"
#include "tests/support/MlflowTestServer.h"
#include "tests/support/TempDir.h"
#include "tests/unit/tracking/QuickMlflowConfig.h"

namespace tweetlab::tracking {
namespace {

using testing::MlflowTestServer;

using testing_config::configFor;

MlflowTestServer::Run serverRun(const MlflowTestServer& server, const std::string& id) {
  for (const auto& run : server.runs()) {
    if (run.id == id) return run;
  }
  ADD_FAILURE() << "no MLflow run " << id;
  return {};
}

// A finished local run, and (pushed) its MLflow run.
struct Fixture {
  testing::TempDir dir;
  RunStore store{dir.path()};
  RunRecord run;

  explicit Fixture(const std::string& error = {}) {
    run.runName = "run-0";
    store.beginRun(run);
    run.status = error.empty() ? RunStatus::Finished : RunStatus::Failed;
    run.error = error;
    run.endTimeMs = run.startTimeMs + 1;
    store.save(run);
  }
  std::string push(MlflowTestServer& server) {
    MlflowClient client(configFor(server));
    return ensureMlflowRun(store, client, run).runId;
  }
};

// What MLflow 2.17 does with a rename and a tag, and what it refuses: the stand-in must do the
// same, or the tests below would prove nothing.
TEST(MlflowTestServer, RenamesAndTagsRunsAsMlflowDoesAndRefusesMalformedRequests) {
  MlflowTestServer server;
  Fixture f;
  const auto id = f.push(server);
  httplib::Client http(server.uri());
  const auto post = [&](const std::string& endpoint, const nlohmann::json& body) {
    return http.Post(("/api/2.0/mlflow/" + endpoint).c_str(), body.dump(), "application/json");
  };

  auto renamed = post("runs/update", {{"run_id", id}, {"run_name", "baseline"}});
  ASSERT_EQ(renamed->status, 200) << renamed->body;
  EXPECT_EQ(nlohmann::json::parse(renamed->body)["run_info"]["run_name"], "baseline");
  EXPECT_EQ(serverRun(server, id).runName, "baseline");
  EXPECT_EQ(serverRun(server, id).tags["mlflow.runName"], "baseline") << "the store renames both";
  EXPECT_EQ(post("runs/set-tag", {{"run_id", id}, {"key", "mlflow.note.content"}, {"value", "n"}})
                ->status,
            200);
  EXPECT_EQ(serverRun(server, id).tags["mlflow.note.content"], "n");

  const auto refused = [&](const std::string& endpoint, const nlohmann::json& body, int status,
                           const std::string& says) {
    const auto res = post(endpoint, body);
    EXPECT_EQ(res->status, status) << endpoint << " " << body.dump() << ": " << res->body;
    EXPECT_NE(res->body.find(says), std::string::npos) << res->body;
  };
  refused("runs/update", {{"run_name", "x"}}, 400, "Missing value for required parameter 'run_id'");
  refused("runs/update", {{"run_id", std::string(32, 'f')}, {"run_name", "x"}}, 404,
          "RESOURCE_DOES_NOT_EXIST");
  refused("runs/update", {{"run_id", id}, {"run_name", 7}}, 400, "parameter 'run_name'");
  refused("runs/set-tag", {{"key", "k"}, {"value", "v"}}, 400,
          "Missing value for required parameter 'run_id'");
  refused("runs/set-tag", {{"run_id", id}, {"value", "v"}}, 400,
          "Missing value for required parameter 'key'");
  refused("runs/set-tag", {{"run_id", std::string(32, 'f')}, {"key", "k"}, {"value", "v"}}, 404,
          "RESOURCE_DOES_NOT_EXIST");
  refused("runs/set-tag", {{"run_id", id}, {"key", "k"}, {"value", 3}}, 400, "parameter 'value'");
  refused("runs/set-tag", {{"run_id", id}, {"key", "a@b"}, {"value", "v"}}, 400, "Names may only");
  EXPECT_EQ(serverRun(server, id).runName, "baseline") << "nothing refused changed the run";

  ASSERT_EQ(post("runs/delete", {{"run_id", id}})->status, 200);
  refused("runs/update", {{"run_id", id}, {"run_name", "x"}}, 400, "must be in the 'active' state");
  refused("runs/set-tag", {{"run_id", id}, {"key", "k"}, {"value", "v"}}, 400,
          "must be in the 'active' state");
}

TEST(RunEdits, APushedRunsNameAndNotesReachItsMlflowRun) {
  MlflowTestServer server;
  Fixture f;
  const auto id = f.push(server);

  auto out = editRun(f.store, configFor(server), f.run.id, RunField::Name, "baseline");
  EXPECT_TRUE(out.local);
  EXPECT_TRUE(out.mlflow) << out.mlflowError;
  out = editRun(f.store, configFor(server), f.run.id, RunField::Notes, "labels were noisy");
  EXPECT_TRUE(out.mlflow) << out.mlflowError;

  const auto remote = serverRun(server, id);
  EXPECT_EQ(remote.runName, "baseline");
  EXPECT_EQ(remote.tags.at("mlflow.runName"), "baseline");
  EXPECT_EQ(remote.tags.at("mlflow.note.content"), "labels were noisy");
  EXPECT_EQ(f.store.get(f.run.id)->runName, "baseline");
  EXPECT_EQ(f.store.get(f.run.id)->notes, "labels were noisy");
}

// MLflow shows a failed run's reason as its description, as the push wrote it: notes follow it.
TEST(RunEdits, AFailedRunsNotesFollowItsReasonInMlflow) {
  MlflowTestServer server;
  Fixture f("out of memory");
  const auto id = f.push(server);
  ASSERT_TRUE(
      editRun(f.store, configFor(server), f.run.id, RunField::Notes, "retry on GPU").mlflow);
  EXPECT_EQ(serverRun(server, id).tags.at("mlflow.note.content"), "out of memory\nretry on GPU");
}

TEST(RunEdits, AnEditMlflowRefusesOrCannotTakeStaysInTheLocalStoreAndSaysWhy) {
  MlflowTestServer server;
  Fixture f;
  f.store.setMlflowIds(f.run.id, std::string(32, 'f'), "1");  // a run the server does not have
  auto out = editRun(f.store, configFor(server), f.run.id, RunField::Name, "baseline");
  EXPECT_TRUE(out.local);
  EXPECT_FALSE(out.mlflow);
  EXPECT_NE(out.mlflowError.find("RESOURCE_DOES_NOT_EXIST"), std::string::npos) << out.mlflowError;
  EXPECT_EQ(f.store.get(f.run.id)->runName, "baseline");

  server.stop();
  auto config = configFor(server);
  config.maxRetries = 0;
  out = editRun(f.store, config, f.run.id, RunField::Notes, "kept");
  EXPECT_FALSE(out.mlflow);
  EXPECT_NE(out.mlflowError.find("did not answer"), std::string::npos) << out.mlflowError;
  EXPECT_EQ(f.store.get(f.run.id)->notes, "kept");

  out = editRun(f.store, std::nullopt, f.run.id, RunField::Notes, "no server");
  EXPECT_NE(out.mlflowError.find("no MLflow tracking URI"), std::string::npos);
  EXPECT_EQ(f.store.get(f.run.id)->notes, "no server");
}

TEST(RunEdits, ARunNeverPushedIsEditedLocallyOnlyAndANameIsNeverEmpty) {
  MlflowTestServer server;
  Fixture f;
  const auto out = editRun(f.store, configFor(server), f.run.id, RunField::Name, "baseline");
  EXPECT_TRUE(out.local);
  EXPECT_FALSE(out.mlflow);
  EXPECT_EQ(out.mlflowError, "") << "its push, when it comes, sends the name";
  EXPECT_TRUE(server.requests().empty());
  EXPECT_THROW(editRun(f.store, configFor(server), f.run.id, RunField::Name, ""), InputError);
  EXPECT_FALSE(
      editRun(f.store, configFor(server), std::string(32, '0'), RunField::Name, "x").local);
}

}  // namespace
}  // namespace tweetlab::tracking
