// The MLflow client against the contract-enforcing test server, over real HTTP on loopback.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>

#include "core/tracking/MlflowClient.h"
#include "tests/support/MlflowTestServer.h"
#include "tests/support/TempDir.h"
#include "tests/unit/tracking/QuickMlflowConfig.h"

namespace tweetlab::tracking {
namespace {

using testing::MlflowTestServer;

using testing_config::configFor;

std::string rawPost(int port, const std::string& path, const std::string& body) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "connect failed";
  const std::string request =
      "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  [[maybe_unused]] auto sent = ::send(fd, request.data(), request.size(), 0);
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
    answer.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return answer;
}

// The stand-in must refuse what MLflow 2.17 refused in the recorded transcript.
TEST(MlflowTestServer, RejectsWhatTheRealServerRejects) {
  MlflowTestServer server;
  httplib::Client http(server.uri());
  auto post = [&](const std::string& endpoint, const std::string& body,
                  const char* type = "application/json") {
    return http.Post(("/api/2.0/mlflow/" + endpoint).c_str(), body, type);
  };
  auto experiment =
      nlohmann::json::parse(post("experiments/create", R"({"name":"e"})")->body)["experiment_id"];
  auto run = nlohmann::json::parse(
      post("runs/create", nlohmann::json{{"experiment_id", experiment}}.dump())->body);
  const std::string id = run["run"]["info"]["run_id"];

  auto dup = post("experiments/create", R"({"name":"e"})");
  EXPECT_EQ(dup->status, 400);
  EXPECT_NE(dup->body.find("RESOURCE_ALREADY_EXISTS"), std::string::npos);

  // httplib always sends a Content-Type, so this one goes over a raw socket.
  const auto noType =
      rawPost(server.port(), "/api/2.0/mlflow/runs/log-parameter", R"({"run_id":"x"})");
  EXPECT_NE(noType.find("HTTP/1.1 400"), std::string::npos) << noType;
  EXPECT_NE(noType.find("Content-Type header is missing"), std::string::npos) << noType;
  auto textType = post("runs/log-parameter", R"({"run_id":"x"})", "text/plain");
  EXPECT_NE(textType->body.find("Content-Type must be one of ['application/json']"),
            std::string::npos);

  EXPECT_EQ(post("runs/log-parameter",
                 nlohmann::json{{"run_id", id}, {"key", "lr"}, {"value", "0.001"}}.dump())
                ->status,
            200);
  EXPECT_EQ(post("runs/log-parameter",
                 nlohmann::json{{"run_id", id}, {"key", "lr"}, {"value", "0.001"}}.dump())
                ->status,
            200);
  auto changed = post("runs/log-parameter",
                      nlohmann::json{{"run_id", id}, {"key", "lr"}, {"value", "0.01"}}.dump());
  EXPECT_EQ(changed->status, 400);
  EXPECT_NE(changed->body.find("Changing param values is not allowed"), std::string::npos);

  auto unknown =
      post("runs/log-metric",
           R"({"run_id":"ffffffffffffffffffffffffffffffff","key":"x","value":1,"timestamp":1})");
  EXPECT_EQ(unknown->status, 404);
  EXPECT_NE(unknown->body.find("RESOURCE_DOES_NOT_EXIST"), std::string::npos);
  EXPECT_EQ(
      post("runs/log-metric", nlohmann::json{{"run_id", id}, {"key", "x"}, {"value", 1}}.dump())
          ->status,
      400);  // no timestamp
  EXPECT_EQ(post("runs/log-metric",
                 nlohmann::json{{"run_id", id}, {"key", "acc@top1"}, {"value", 1}, {"timestamp", 1}}
                     .dump())
                ->status,
            400);
  EXPECT_EQ(
      post("runs/log-metric",
           nlohmann::json{{"run_id", id}, {"key", "a/../b"}, {"value", 1}, {"timestamp", 1}}.dump())
          ->status,
      400);
  EXPECT_EQ(post("runs/log-parameter", R"({"run_id":123,"key":"a","value":"b"})")->status, 400);
  EXPECT_EQ(post("runs/log-parameter", R"({"run_id":)")->status, 400);  // malformed JSON

  nlohmann::json tooMany{{"run_id", id}, {"metrics", nlohmann::json::array()}};
  for (int i = 0; i < 1001; ++i)
    tooMany["metrics"].push_back({{"key", "m"}, {"value", i}, {"timestamp", 1}, {"step", i}});
  auto batch = post("runs/log-batch", tooMany.dump());
  EXPECT_EQ(batch->status, 400);
  EXPECT_NE(batch->body.find("at most 1000 metrics"), std::string::npos);
  auto dupKeys = post(
      "runs/log-batch",
      nlohmann::json{{"run_id", id},
                     {"params", {{{"key", "d"}, {"value", "a"}}, {{"key", "d"}, {"value", "b"}}}}}
          .dump());
  EXPECT_NE(dupKeys->body.find("Duplicate parameter keys"), std::string::npos);

  const auto artifactBase = "/api/2.0/mlflow-artifacts/artifacts/" + experiment.get<std::string>() +
                            "/" + id + "/artifacts/";
  EXPECT_EQ(
      http.Put((artifactBase + "%2e%2e/%2e%2e/evil.txt").c_str(), "x", "application/octet-stream")
          ->status,
      400);
  EXPECT_EQ(http.Put((artifactBase + "ok.txt").c_str(), "x", "application/octet-stream")->status,
            200);
  EXPECT_EQ(http.Get("/api/2.0/mlflow/runs/create")->status, 405);
  EXPECT_EQ(post("runs/nope", "{}")->status, 404);
  EXPECT_EQ(post("model-versions/create",
                 R"({"name":"no-such-model","source":"mlflow-artifacts:/1/x/artifacts/model"})")
                ->status,
            404);
  EXPECT_EQ(post("model-versions/create", R"({"name":"m","source":"/etc"})")->status, 400);
}

// As recorded: a run is RUNNING until runs/update; runs/get shows per key the point of the
// highest step (then the latest timestamp), whatever order the points came in; get-history keeps
// every point. This is why a final value logged at step 0 must not share a per-epoch key.
TEST(MlflowTestServer, ShowsTheHighestStepPerKeyAndKeepsTheHistory) {
  MlflowTestServer server;
  MlflowClient client(configFor(server));
  const auto experiment = client.getOrCreateExperiment("steps");
  const auto run = client.createRun(experiment, "r", 1000, "u", {});
  EXPECT_EQ(run.status, "RUNNING");
  EXPECT_EQ(client.getRun(run.runId).info.endTime, 0);
  client.logBatch(run.runId,
                  {{"accuracy", 0.55, 2, 3000},
                   {"accuracy", 0.65, 0, 4000},  // logged last, at step 0: not what runs/get shows
                   {"accuracy", 0.50, 1, 2000},
                   {"val_loss", 0.4, 1, 2000},
                   {"val_loss", 0.3, 1, 2500}},  // same step, later: this one
                  {}, {});
  const auto shown = client.getRun(run.runId);
  EXPECT_DOUBLE_EQ(shown.metrics.at("accuracy"), 0.55);
  EXPECT_DOUBLE_EQ(shown.metrics.at("val_loss"), 0.3);
  const auto history = client.metricHistory(run.runId, "accuracy");
  ASSERT_EQ(history.size(), 3U);
  EXPECT_EQ(history[0].step, 0);
  EXPECT_DOUBLE_EQ(history[0].value, 0.65);
  EXPECT_EQ(history[2].timestampMs, 3000);
  const auto ended = client.updateRun(run.runId, RunStatus::Finished, 5000);
  EXPECT_EQ(ended.status, "FINISHED");
  EXPECT_EQ(client.getRun(run.runId).info.endTime, 5000);
}

// The registry download path tweetlab-serve takes (model-versions/get, get-download-uri, the
// proxy's listing and download), as recorded, including names longer than a short string.
TEST(MlflowTestServer, ServesTheRegistryDownloadPath) {
  MlflowTestServer server;
  MlflowClient client(configFor(server));
  const auto experiment = client.getOrCreateExperiment("registry");
  const auto run = client.createRun(experiment, "r", 1000, "u", {});
  client.uploadArtifactBytes(run.artifactUri, "model/manifest.json", "{}");
  client.uploadArtifactBytes(run.artifactUri, "model/embeddings.vec.gz", "vectors");
  client.createRegisteredModel("tweetlab-bilstm");
  client.createModelVersion("tweetlab-bilstm", run.artifactUri + "/model", run.runId);
  httplib::Client http(server.uri());
  const auto version =
      http.Get("/api/2.0/mlflow/model-versions/get?name=tweetlab-bilstm&version=1");
  ASSERT_EQ(version->status, 200);
  EXPECT_EQ(nlohmann::json::parse(version->body)["model_version"]["status"], "READY");
  const auto uri =
      nlohmann::json::parse(
          http.Get("/api/2.0/mlflow/model-versions/get-download-uri?name=tweetlab-bilstm&version=1")
              ->body)["artifact_uri"]
          .get<std::string>();
  EXPECT_EQ(uri, run.artifactUri + "/model");
  const std::string remote = uri.substr(std::string("mlflow-artifacts:/").size());
  const auto listing =
      nlohmann::json::parse(http.Get("/api/2.0/mlflow-artifacts/artifacts?path=" + remote)->body);
  ASSERT_EQ(listing["files"].size(), 2U);
  EXPECT_EQ(listing["files"][0],
            (nlohmann::json{{"path", "embeddings.vec.gz"}, {"is_dir", false}, {"file_size", 7}}));
  const auto top =
      nlohmann::json::parse(http.Get("/api/2.0/mlflow-artifacts/artifacts?path=" + experiment +
                                     "/" + run.runId + "/artifacts")
                                ->body);
  EXPECT_EQ(top["files"][0], (nlohmann::json{{"path", "model"}, {"is_dir", true}}));
  EXPECT_EQ(http.Get("/api/2.0/mlflow-artifacts/artifacts?path=" + remote + "/nothing")->body,
            "{}");
  EXPECT_EQ(http.Get("/api/2.0/mlflow-artifacts/artifacts/" + remote + "/embeddings.vec.gz")->body,
            "vectors");
  EXPECT_EQ(http.Get("/api/2.0/mlflow/model-versions/get?name=tweetlab-bilstm&version=2")->status,
            404);
  EXPECT_EQ(http.Get("/api/2.0/mlflow/model-versions/get?name=nope&version=1")->status, 404);
}

TEST(MlflowClient, GetsOrCreatesAnExperimentByName) {
  MlflowTestServer server;
  MlflowClient client(configFor(server));
  EXPECT_FALSE(client.findExperiment("tweetlab"));
  const auto id = client.getOrCreateExperiment("tweetlab");
  EXPECT_EQ(client.getOrCreateExperiment("tweetlab"), id);
  EXPECT_EQ(server.experimentNames().size(), 2U);  // Default + tweetlab
}

TEST(MlflowClient, Splits2500MetricsInto3BatchRequests) {
  MlflowTestServer server;
  MlflowClient client(configFor(server));
  const auto run = client.createRun(client.getOrCreateExperiment("e"), "r", 1, "me", {});
  std::vector<MetricPoint> metrics;
  for (int i = 0; i < 2500; ++i) metrics.push_back({"loss", 1.0 / (i + 1), i, 1000 + i});
  EXPECT_EQ(client.logBatch(run.runId, metrics, {}, {}), 3);
  EXPECT_EQ(server.count("POST", "runs/log-batch"), 3);
  EXPECT_EQ(server.runs().front().metrics.size(), 2500U);
}

TEST(MlflowClient, KeepsParamsTagsAndAllEntitiesWithinTheBatchLimits) {
  MlflowTestServer server;
  MlflowClient client(configFor(server));
  const auto run = client.createRun(client.getOrCreateExperiment("e"), "r", 1, "me", {});
  std::map<std::string, std::string> params, tags;
  for (int i = 0; i < 250; ++i)
    params["p" + std::to_string(i)] = std::string(i == 0 ? 7000 : 3, 'v');
  for (int i = 0; i < 150; ++i) tags["t" + std::to_string(i)] = "x";
  std::vector<MetricPoint> metrics;
  for (int i = 0; i < 950; ++i) metrics.push_back({"m", 1.0, i, 5});
  // 3 requests by params (100/100/50); tags ride along (100/50); metrics fill the room left.
  EXPECT_EQ(client.logBatch(run.runId, metrics, params, tags), 3);
  const auto stored = server.runs().front();
  EXPECT_EQ(stored.params.size(), 250U);
  EXPECT_EQ(stored.params.at("p0").size(), 6000U);  // cut to the limit, as the server would
  EXPECT_EQ(stored.metrics.size(), 950U);
  // Retrying the same batch is harmless: same params, same metric points.
  EXPECT_EQ(client.logBatch(run.runId, metrics, params, tags), 3);
  EXPECT_EQ(server.runs().front().metrics.size(), 950U);
}

TEST(MlflowClient, SendsNanAndInfinityTheWayTheServerStoresThem) {
  EXPECT_EQ(MlflowClient::metricValue(std::nan("")), "NaN");
  EXPECT_EQ(MlflowClient::metricValue(HUGE_VAL), "Infinity");
  EXPECT_EQ(MlflowClient::metricValue(-HUGE_VAL), "-Infinity");
  EXPECT_EQ(MlflowClient::metricValue(0.5), 0.5);
  MlflowTestServer server;
  MlflowClient client(configFor(server));
  const auto run = client.createRun(client.getOrCreateExperiment("e"), "r", 1, "me", {});
  client.logBatch(run.runId, {{"auc", std::nan(""), 0, 7}, {"big", HUGE_VAL, 0, 7}}, {}, {});
  const auto back = client.getRun(run.runId);
  EXPECT_TRUE(std::isnan(back.metrics.at("auc")));
  EXPECT_GT(back.metrics.at("big"), 1e300);
}

TEST(MlflowClient, MakesKeysAcceptableToTheServer) {
  EXPECT_EQ(MlflowClient::safeKey("acc@top1"), "acc_top1");
  EXPECT_EQ(MlflowClient::safeKey("a/../b"), "a/_./b");
  EXPECT_EQ(MlflowClient::safeKey(std::string(300, 'k')).size(), 250U);
  EXPECT_EQ(MlflowClient::truncateChars("héllo", 2), "hé");
}

TEST(MlflowClient, ReportsServerErrorsWithTheirCode) {
  MlflowTestServer server;
  MlflowClient client(configFor(server));
  try {
    client.logBatch("ffffffffffffffffffffffffffffffff", {{"m", 1, 0, 1}}, {}, {});
    FAIL() << "expected an MlflowError";
  } catch (const MlflowError& e) {
    EXPECT_EQ(e.httpStatus(), 404);
    EXPECT_EQ(e.errorCode(), "RESOURCE_DOES_NOT_EXIST");
    EXPECT_FALSE(e.transient());
  }
}

TEST(MlflowClient, ServerDownIsATransientError) {
  MlflowTestServer server;
  server.stop();
  auto config = configFor(server);
  config.maxRetries = 0;
  MlflowClient client(config);
  try {
    client.getOrCreateExperiment("e");
    FAIL() << "expected an MlflowError";
  } catch (const MlflowError& e) {
    EXPECT_EQ(e.httpStatus(), 0);
    EXPECT_TRUE(e.transient());
  }
  server.start();
  EXPECT_FALSE(client.getOrCreateExperiment("e").empty());
}

TEST(MlflowClient, RetriesA5xxOnIdempotentCallsOnly) {
  MlflowTestServer server;
  MlflowClient client(configFor(server));
  const auto experiment = client.getOrCreateExperiment("e");
  server.failNext(1, 503);
  EXPECT_NO_THROW(client.findExperiment("e"));  // retried
  server.failNext(1, 503);
  EXPECT_THROW(client.createRun(experiment, "r", 1, "me", {}), MlflowError);  // never blindly
  EXPECT_TRUE(server.runs().empty());
}

TEST(MlflowClient, SearchFollowsPagesAndUploadsArtifactsThroughTheProxy) {
  MlflowTestServer server;
  MlflowClient client(configFor(server));
  const auto experiment = client.getOrCreateExperiment("e");
  std::string artifactUri;
  for (int i = 0; i < 5; ++i)
    artifactUri =
        client.createRun(experiment, "r" + std::to_string(i), 100 + i, "me", {}).artifactUri;
  EXPECT_EQ(client.searchAllRuns({experiment}, "", 0, 2).size(), 5U);
  EXPECT_EQ(client.searchRuns({experiment}, "", 2).runs.size(), 2U);
  client.uploadArtifactBytes(artifactUri, "plots/a b.png", "PNG!");
  const auto stored = server.artifacts();
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_NE(stored.begin()->first.find("/artifacts/plots/a b.png"), std::string::npos);
  EXPECT_EQ(stored.begin()->second, "PNG!");
  EXPECT_THROW(client.uploadArtifactBytes("s3://bucket/x", "a.png", "x"), FormatError);
}

TEST(MlflowConfig, ReadsTheUsualEnvironmentVariables) {
  ::setenv("MLFLOW_TRACKING_URI", "https://mlflow.example.com/prefix", 1);
  ::setenv("MLFLOW_TRACKING_TOKEN", "secret", 1);
  ::setenv("MLFLOW_TRACKING_INSECURE_TLS", "true", 1);
  auto c = MlflowConfig::fromEnvironment();
  EXPECT_EQ(c.trackingUri, "https://mlflow.example.com/prefix");
  EXPECT_EQ(c.token, "secret");
  EXPECT_TRUE(c.insecureTls);
  EXPECT_EQ(MlflowConfig::fromEnvironment("http://other:5000").trackingUri, "http://other:5000");
  ::unsetenv("MLFLOW_TRACKING_URI");
  ::unsetenv("MLFLOW_TRACKING_TOKEN");
  ::unsetenv("MLFLOW_TRACKING_INSECURE_TLS");
  EXPECT_NO_THROW(MlflowClient client(c));  // https is supported
  MlflowConfig ftp;
  ftp.trackingUri = "ftp://x";
  EXPECT_THROW(MlflowClient client(ftp), InputError);
}

}  // namespace
}  // namespace tweetlab::tracking

namespace tweetlab::tracking {
namespace {

TEST(MlflowClient, SendsTheTokenOrBasicAuthFromTheConfig) {
  MlflowTestServer server;
  auto config = configFor(server);
  config.token = "s3cret";
  MlflowClient(config).getOrCreateExperiment("e");
  EXPECT_EQ(server.lastAuthorization(), "Bearer s3cret");
  config.token.clear();
  config.username = "ann";
  config.password = "pw";
  MlflowClient(config).getOrCreateExperiment("e");
  EXPECT_EQ(server.lastAuthorization(), "Basic YW5uOnB3");  // base64("ann:pw")
}

TEST(MlflowClient, WorksOverHttpsAndChecksTheCertificate) {
  testing::TempDir dir;
  const auto cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  const auto command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext "
      "subjectAltName=IP:127.0.0.1 -keyout " +
      key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << "openssl is needed to make a test certificate";
  MlflowTestServer server(cert, key);
  auto config = configFor(server);
  config.maxRetries = 0;
  ASSERT_EQ(config.trackingUri.rfind("https://", 0), 0U);
  EXPECT_THROW(MlflowClient(config).getOrCreateExperiment("e"),
               MlflowError);  // self-signed: not trusted
  config.caCertPath = cert;   // MLFLOW_TRACKING_SERVER_CERT_PATH
  EXPECT_FALSE(MlflowClient(config).getOrCreateExperiment("e").empty());
  config.caCertPath.clear();
  config.insecureTls = true;  // MLFLOW_TRACKING_INSECURE_TLS=true
  EXPECT_FALSE(MlflowClient(config).getOrCreateExperiment("e").empty());
}

}  // namespace
}  // namespace tweetlab::tracking
