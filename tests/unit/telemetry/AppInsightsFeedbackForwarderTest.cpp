// Tester feedback reaches Application Insights as the trace / event the alert and the KQL queries
// of docs/monitoring.md expect.
#include <gtest/gtest.h>

#include "core/telemetry/AppInsightsFeedbackForwarder.h"
#include "tests/support/AppInsightsTestServer.h"
#include "tests/support/TempDir.h"

namespace tweetlab::telemetry {
namespace {

using std::chrono::seconds;
using testing::AppInsightsTestServer;

FeedbackRecord record(bool accepted) {
  FeedbackRecord r;
  r.id = accepted ? "fb-2" : "fb-1";
  r.receivedAt = formatEnvelopeTime(std::chrono::system_clock::now() - std::chrono::minutes(3));
  r.text = "I love this product, but the battery life is terrible";
  r.predicted = "positive";
  r.score = 0.87;
  r.accepted = accepted;
  r.modelName = "logreg";
  r.modelVersion = "sentiment-v1.2.0";
  return r;
}

std::shared_ptr<AppInsightsClient> clientFor(const AppInsightsTestServer& server,
                                             const std::filesystem::path& dir) {
  AppInsightsConfig c;
  c.connection = ConnectionString::parse(server.connectionString());
  c.cloudRole = "tweetlab-serve";
  c.storageDir = dir;
  c.timeScale = 0.001;
  return std::make_shared<AppInsightsClient>(c);
}

TEST(AppInsightsFeedbackForwarder, RejectionIsAWarningTracePredictionRejected) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  auto client = clientFor(server, dir.path());
  AppInsightsFeedbackForwarder forwarder(client, {{"api_url", "http://127.0.0.1:8080"}});
  EXPECT_EQ(forwarder.name(), "application-insights");
  const auto r = record(false);
  forwarder.forward(r);
  ASSERT_TRUE(client->flush(seconds(10)));
  const auto got = server.accepted();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["data"]["baseType"], "MessageData");
  EXPECT_EQ(got[0]["time"], r.receivedAt);  // when the tester said it, not when it was sent
  EXPECT_EQ(got[0]["tags"]["ai.cloud.role"], "tweetlab-serve");
  const auto& base = got[0]["data"]["baseData"];
  EXPECT_EQ(base["message"], kRejectionMessage);
  EXPECT_EQ(base["severityLevel"], 2);
  const auto& p = base["properties"];
  EXPECT_EQ(p["tweet_text"], r.text);
  EXPECT_EQ(p["predicted_label"], "positive");
  EXPECT_EQ(p["user_label"], "negative");
  EXPECT_EQ(p["accepted"], "false");
  EXPECT_EQ(p["score"], "0.87");
  EXPECT_EQ(p["model_name"], "logreg");
  EXPECT_EQ(p["model_version"], "sentiment-v1.2.0");
  EXPECT_EQ(p["feedback_id"], "fb-1");
  EXPECT_EQ(p["api_url"], "http://127.0.0.1:8080");
}

TEST(AppInsightsFeedbackForwarder, ValidationIsAnEventWithTheScoreAsMeasurement) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  auto client = clientFor(server, dir.path());
  AppInsightsFeedbackForwarder forwarder(client);
  forwarder.forward(record(true));
  ASSERT_TRUE(client->flush(seconds(10)));
  const auto got = server.accepted();
  ASSERT_EQ(got.size(), 1u);
  const auto& base = got[0]["data"]["baseData"];
  EXPECT_EQ(got[0]["data"]["baseType"], "EventData");
  EXPECT_EQ(base["name"], kValidationEvent);
  EXPECT_EQ(base["measurements"]["score"], 0.87);
  EXPECT_EQ(base["properties"]["user_label"], "positive");
  EXPECT_EQ(base["properties"]["accepted"], "true");
}

TEST(AppInsightsFeedbackForwarder, ValidationsCanBeSwitchedOffRejectionsCannot) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  auto client = clientFor(server, dir.path());
  AppInsightsFeedbackForwarder forwarder(client, {}, /*sendValidations=*/false);
  forwarder.forward(record(true));
  forwarder.forward(record(false));
  auto stale = record(false);
  stale.receivedAt = "2020-01-01T00:00:00.000Z";  // replayed old feedback: sent with time now
  forwarder.forward(stale);
  ASSERT_TRUE(client->flush(seconds(10)));
  const auto got = server.accepted();
  ASSERT_EQ(got.size(), 2u);
  for (const auto& e : got) EXPECT_EQ(e["data"]["baseData"]["message"], kRejectionMessage);
}

}  // namespace
}  // namespace tweetlab::telemetry
