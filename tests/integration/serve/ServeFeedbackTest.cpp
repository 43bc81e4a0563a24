// POST /feedback: validation, durable storage across restarts, torn-line recovery, the
// forwarding hook.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/serve/FeedbackForwarding.h"
#include "core/telemetry/FeedbackLog.h"
#include "tests/integration/serve/ServeHarness.h"
#include "tests/support/AppInsightsTestServer.h"

namespace tweetlab::serve {
namespace {

using nlohmann::json;
using testing::ServeHarness;
using testing::testConfig;

const std::string kRejected =
    R"({"text":"my flight got cancelled, great...","predicted":"positive","score":0.81,"accepted":false})";

class ServeFeedbackTest : public ::testing::Test {
 protected:
  tweetlab::testing::TempDir dir_;
  std::filesystem::path feedbackFile() const { return dir_ / "data/feedback.jsonl"; }
};

TEST_F(ServeFeedbackTest, FeedbackIsStoredWithTheServersModelAndAnId) {
  ServeHarness serve(testConfig(feedbackFile()));
  const auto res = serve.client().Post("/feedback", kRejected, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const auto reply = json::parse(res->body);
  EXPECT_EQ(reply["stored"], true);
  EXPECT_TRUE(reply["queued_for"].is_null());

  const auto contents = telemetry::FeedbackLog::readAll(feedbackFile());
  ASSERT_EQ(contents.records.size(), 1u);
  const auto& r = contents.records[0];
  EXPECT_EQ(r.id, reply["id"].get<std::string>());
  EXPECT_EQ(r.text, "my flight got cancelled, great...");
  EXPECT_EQ(r.predicted, "positive");
  EXPECT_DOUBLE_EQ(r.score, 0.81);
  EXPECT_FALSE(r.accepted);
  EXPECT_EQ(r.modelName, "sentiment-logreg");
  EXPECT_EQ(r.modelVersion, "7");
  EXPECT_EQ(r.receivedAt.size(), 24u);  // 2026-11-25T09:00:00.000Z
}

TEST_F(ServeFeedbackTest, TheCallersModelVersionWins) {
  ServeHarness serve(testConfig(feedbackFile()));
  auto c = serve.client();
  auto j = json::parse(kRejected);
  j["model_version"] = "5";
  ASSERT_EQ(c.Post("/feedback", j.dump(), "application/json")->status, 201);
  j.erase("model_version");
  j["model"] = {{"name", "older-model"}, {"version", "2"}};
  ASSERT_EQ(c.Post("/feedback", j.dump(), "application/json")->status, 201);
  const auto records = telemetry::FeedbackLog::readAll(feedbackFile()).records;
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].modelName, "sentiment-logreg");
  EXPECT_EQ(records[0].modelVersion, "5");
  EXPECT_EQ(records[1].modelName, "older-model");
  EXPECT_EQ(records[1].modelVersion, "2");
}

TEST_F(ServeFeedbackTest, InvalidFeedbackIsRejectedAndNotStored) {
  ServeHarness serve(testConfig(feedbackFile()));
  auto c = serve.client();
  const auto base = json::parse(kRejected);
  const auto with = [&base](const std::string& key, const json& value) {
    auto j = base;
    if (value.is_null()) {
      j.erase(key);
    } else {
      j[key] = value;
    }
    return j.dump();
  };
  for (const auto& bad :
       {with("predicted", "meh"), with("predicted", nullptr), with("score", 1.5),
        with("score", "0.8"), with("accepted", "no"), with("accepted", nullptr), with("text", ""),
        with("text", nullptr), with("text", std::string(281, 'x')), with("model", "v2"),
        with("model_version", 2)}) {
    const auto res = c.Post("/feedback", bad, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bad;
    EXPECT_TRUE(json::parse(res->body)["error"]["code"].is_string());
  }
  EXPECT_EQ(c.Post("/feedback", "{oops", "application/json")->status, 400);
  EXPECT_TRUE(telemetry::FeedbackLog::readAll(feedbackFile()).records.empty());
}

TEST_F(ServeFeedbackTest, FeedbackSurvivesARestartAndATornLastLine) {
  {
    ServeHarness serve(testConfig(feedbackFile()));
    ASSERT_EQ(serve.client().Post("/feedback", kRejected, "application/json")->status, 201);
  }
  // A crash in the middle of an append leaves half a line behind.
  std::ofstream(feedbackFile(), std::ios::binary | std::ios::app)
      << R"({"id":"torn","received_at":"2026-)";
  {
    ServeHarness serve(testConfig(feedbackFile()));  // restarted on the same log
    auto accepted = json::parse(kRejected);
    accepted["accepted"] = true;
    ASSERT_EQ(serve.client().Post("/feedback", accepted.dump(), "application/json")->status, 201);
  }
  const auto contents = telemetry::FeedbackLog::readAll(feedbackFile());
  ASSERT_EQ(contents.records.size(), 2u);
  EXPECT_FALSE(contents.records[0].accepted);
  EXPECT_TRUE(contents.records[1].accepted);
  EXPECT_EQ(contents.skippedLines, 1u);
}

TEST_F(ServeFeedbackTest, FeedbackThatCannotBeStoredIsA503NotASilentSuccess) {
  // /dev/full accepts the open and fails every write with ENOSPC, like a full disk.
  ServeHarness serve(testConfig("/dev/full"));
  const auto res = serve.client().Post("/feedback", kRejected, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "feedback_not_stored");
}

// Stands in for the Application Insights client: it records what the server hands over.
class RecordingForwarder : public telemetry::FeedbackForwarder {
 public:
  void forward(const telemetry::FeedbackRecord& record) noexcept override {
    const std::lock_guard lock(mutex_);
    records.push_back(record);
  }
  std::string name() const override { return "recording"; }
  std::mutex mutex_;
  std::vector<telemetry::FeedbackRecord> records;
};

TEST_F(ServeFeedbackTest, StoredFeedbackIsHandedToTheForwarderAfterItIsOnDisk) {
  auto forwarder = std::make_shared<RecordingForwarder>();
  ServeHarness serve(testConfig(feedbackFile()), true, forwarder);
  const auto res = serve.client().Post("/feedback", kRejected, "application/json");
  ASSERT_EQ(res->status, 201);
  EXPECT_EQ(json::parse(res->body)["queued_for"], "recording");
  ASSERT_EQ(forwarder->records.size(), 1u);
  EXPECT_EQ(forwarder->records[0].id, json::parse(res->body)["id"].get<std::string>());
  EXPECT_EQ(telemetry::FeedbackLog::readAll(feedbackFile()).records.size(), 1u);
  EXPECT_EQ(json::parse(serve.client().Get("/version")->body)["feedback_forwarding"], "recording");
}

TEST_F(ServeFeedbackTest, WithAConnectionStringRejectionsReachApplicationInsightsAsWarningTraces) {
  tweetlab::testing::AppInsightsTestServer ingestion;
  auto config = testConfig(feedbackFile());
  config.appInsightsConnectionString = ingestion.connectionString();
  const auto forwarding =
      makeFeedbackForwarder(config.appInsightsConnectionString, config.feedbackLog);
  ASSERT_TRUE(forwarding.forwarder) << forwarding.notice;
  EXPECT_FALSE(forwarding.misconfigured);
  EXPECT_EQ(forwarding.notice.find(tweetlab::testing::kTestInstrumentationKey), std::string::npos)
      << "the start-up log must not carry the key";
  ServeHarness serve(config, true, forwarding.forwarder);

  const auto res = serve.client().Post("/feedback", kRejected, "application/json");
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(json::parse(res->body)["queued_for"], "application-insights");
  EXPECT_EQ(json::parse(res->body)["delivery_state"], "healthy");
  EXPECT_EQ(json::parse(serve.client().Get("/version")->body)["feedback_forwarding"],
            "application-insights");

  ASSERT_TRUE(ingestion.waitForAccepted(1, std::chrono::seconds(20)));
  const auto envelope = ingestion.accepted().at(0);
  EXPECT_EQ(envelope["data"]["baseType"], "MessageData");
  EXPECT_EQ(envelope["data"]["baseData"]["message"], "prediction rejected");
  EXPECT_EQ(envelope["data"]["baseData"]["severityLevel"], 2);  // Warning
  const auto& props = envelope["data"]["baseData"]["properties"];
  EXPECT_EQ(props["tweet_text"], "my flight got cancelled, great...");
  EXPECT_EQ(props["predicted_label"], "positive");
  EXPECT_EQ(props["model_name"], "sentiment-logreg");
  EXPECT_EQ(props["model_version"], "7");
  EXPECT_EQ(props["feedback_id"], json::parse(res->body)["id"]);
  EXPECT_EQ(envelope["tags"]["ai.cloud.role"], "tweetlab-serve");
  // The log stays the source of truth.
  EXPECT_EQ(telemetry::FeedbackLog::readAll(feedbackFile()).records.size(), 1u);
}

TEST_F(ServeFeedbackTest, AnUnusableConnectionStringIsReportedNotFaked) {
  auto config = testConfig(feedbackFile());
  config.appInsightsConnectionString = "IngestionEndpoint=https://example.invalid/";  // no key
  const auto forwarding =
      makeFeedbackForwarder(config.appInsightsConnectionString, config.feedbackLog);
  EXPECT_FALSE(forwarding.forwarder);
  EXPECT_TRUE(forwarding.misconfigured);
  EXPECT_NE(forwarding.notice.find("InstrumentationKey is missing"), std::string::npos)
      << forwarding.notice;
  ServeHarness serve(config, true, forwarding.forwarder);
  const auto res = serve.client().Post("/feedback", kRejected, "application/json");
  ASSERT_EQ(res->status, 201);
  EXPECT_TRUE(json::parse(res->body)["queued_for"].is_null());
  EXPECT_EQ(json::parse(serve.client().Get("/version")->body)["feedback_forwarding"],
            "unavailable");
}

// Issue 14 item 7: delivery is visible. Counters on /metrics, one log line per state change.
std::string metricsOf(ServeHarness& serve) {
  return serve.client().Get("/metrics")->body;
}

// Waits (up to 20 s, only reached when broken) until /metrics shows `line`.
bool metricsShow(ServeHarness& serve, const std::string& line) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (metricsOf(serve).find(line + "\n") != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

struct LogLines {
  std::mutex mutex;
  std::vector<json> lines;
  DeliveryLogger logger() {
    return [this](const std::string& line) {
      const std::lock_guard lock(mutex);
      lines.push_back(json::parse(line));
    };
  }
  std::vector<json> withMsg(const std::string& msg) {
    const std::lock_guard lock(mutex);
    std::vector<json> out;
    for (const auto& l : lines) {
      if (l.value("msg", "") == msg) out.push_back(l);
    }
    return out;
  }
};

TEST_F(ServeFeedbackTest, DeliveryCountersAreOnMetrics) {
  tweetlab::testing::AppInsightsTestServer ingestion;
  LogLines log;
  auto config = testConfig(feedbackFile());
  config.appInsightsConnectionString = ingestion.connectionString();
  const auto forwarding =
      makeFeedbackForwarder(config.appInsightsConnectionString, config.feedbackLog, log.logger());
  ASSERT_TRUE(forwarding.forwarder) << forwarding.notice;
  ServeHarness serve(config, true, forwarding.forwarder);
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(serve.client().Post("/feedback", kRejected, "application/json")->status, 201);
  }
  ASSERT_TRUE(ingestion.waitForAccepted(2, std::chrono::seconds(20)));
  ASSERT_TRUE(metricsShow(serve, "tweetlab_feedback_delivery_accepted_total 2"))
      << metricsOf(serve);
  auto text = metricsOf(serve);
  EXPECT_NE(text.find("tweetlab_feedback_delivery_sent_total 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("tweetlab_feedback_delivery_queued 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("tweetlab_feedback_delivery_dropped_total{reason=\"refused\"} 0\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("tweetlab_feedback_delivery_state{state=\"healthy\"} 1\n"), std::string::npos)
      << text;

  // One 503: the batch is retried and then accepted; the state goes and comes back, one line
  // each way.
  ingestion.script({503, {}, ""});
  ASSERT_EQ(serve.client().Post("/feedback", kRejected, "application/json")->status, 201);
  ASSERT_TRUE(ingestion.waitForAccepted(3, std::chrono::seconds(20)));
  ASSERT_TRUE(metricsShow(serve, "tweetlab_feedback_delivery_accepted_total 3"))
      << metricsOf(serve);
  text = metricsOf(serve);
  EXPECT_NE(text.find("tweetlab_feedback_delivery_retried_total 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("tweetlab_feedback_delivery_sent_total 4\n"), std::string::npos) << text;
  const auto changes = log.withMsg("feedback delivery state changed");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0]["state"], "unreachable");
  EXPECT_EQ(changes[0]["level"], "warning");
  EXPECT_EQ(changes[1]["state"], "healthy");
}

TEST_F(ServeFeedbackTest, RefusedItemsAreCountedAndLoggedOncePerAnswer) {
  tweetlab::testing::AppInsightsTestServer ingestion;  // knows only the test key
  LogLines log;
  auto config = testConfig(feedbackFile());
  config.appInsightsConnectionString =
      ingestion.connectionString("99999999-9999-9999-9999-999999999999");
  const auto forwarding =
      makeFeedbackForwarder(config.appInsightsConnectionString, config.feedbackLog, log.logger());
  ServeHarness serve(config, true, forwarding.forwarder);
  // Two answers whatever the machine's speed: the first item's request is held by the service
  // while the next two are stored, so those two wait together and go as one batch.
  ingestion.hold();
  ASSERT_EQ(serve.client().Post("/feedback", kRejected, "application/json")->status, 201);
  const bool held = ingestion.waitUntilHeld(std::chrono::seconds(20));
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(serve.client().Post("/feedback", kRejected, "application/json")->status, 201);
  }
  ingestion.release();
  ASSERT_TRUE(held) << "the first item was never sent";
  ASSERT_TRUE(metricsShow(serve, "tweetlab_feedback_delivery_dropped_total{reason=\"refused\"} 3"))
      << metricsOf(serve);
  const auto answers = ingestion.requests();
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].items, 1u);
  EXPECT_EQ(answers[1].items, 2u);
  // The counter moves after the line is written: no wait for the log.
  const auto drops = log.withMsg("feedback items dropped");
  ASSERT_EQ(drops.size(), answers.size()) << "one line per answer, not one per item";
  for (std::size_t i = 0; i < drops.size(); ++i) {
    EXPECT_EQ(answers[i].status, 400);
    EXPECT_EQ(drops[i]["items"], answers[i].items);
    EXPECT_EQ(drops[i]["cause"], "refused");
    EXPECT_NE(drops[i]["reason"].get<std::string>().find("Invalid instrumentation key"),
              std::string::npos);
  }
}

// An HTTPS endpoint whose certificate nobody trusts (self-signed, made here with openssl): items
// are kept, and the state says "blocked" on /metrics, in /feedback's answer and in one log line.
TEST_F(ServeFeedbackTest, AnUntrustedCertificateIsAVisibleBlockedState) {
  const auto cert = dir_ / "cert.pem";
  const auto key = dir_ / "key.pem";
  const auto command =
      "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 "
      "-keyout " +
      key.string() + " -out " + cert.string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  httplib::SSLServer tls(cert.c_str(), key.c_str());
  ASSERT_TRUE(tls.is_valid());
  tls.Post(".*", [](const httplib::Request&, httplib::Response& res) { res.status = 200; });
  const int port = tls.bind_to_any_port("127.0.0.1");
  std::thread listener([&] { tls.listen_after_bind(); });

  LogLines log;
  auto config = testConfig(feedbackFile());
  config.appInsightsConnectionString =
      std::string("InstrumentationKey=") + tweetlab::testing::kTestInstrumentationKey +
      ";IngestionEndpoint=https://127.0.0.1:" + std::to_string(port) + "/";
  const auto forwarding =
      makeFeedbackForwarder(config.appInsightsConnectionString, config.feedbackLog, log.logger());
  ASSERT_TRUE(forwarding.forwarder) << forwarding.notice;
  {
    ServeHarness serve(config, true, forwarding.forwarder);
    ASSERT_EQ(serve.client().Post("/feedback", kRejected, "application/json")->status, 201);
    ASSERT_TRUE(metricsShow(serve, "tweetlab_feedback_delivery_state{state=\"blocked\"} 1"))
        << metricsOf(serve);
    const auto res = serve.client().Post("/feedback", kRejected, "application/json");
    ASSERT_EQ(res->status, 201);
    const auto answer = json::parse(res->body);
    EXPECT_EQ(answer["queued_for"], "application-insights");
    EXPECT_EQ(answer["delivery_state"], "blocked");
    EXPECT_GE(answer["items_waiting"].get<int>(), 1);
    EXPECT_EQ(
        metricsOf(serve).find("tweetlab_feedback_delivery_dropped_total{reason=\"refused\"} 1"),
        std::string::npos)
        << "kept, not dropped";
    const auto changes = log.withMsg("feedback delivery state changed");
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0]["state"], "blocked");
    EXPECT_NE(changes[0]["reason"].get<std::string>().find("certificate"), std::string::npos)
        << changes[0].dump();
  }
  tls.stop();
  listener.join();
}

}  // namespace
}  // namespace tweetlab::serve
