// Issue 14 item 8: traces keep the verdict time, so rejections an outage delivered late fall
// outside the 5-minute window of the usual alert. The second rule, on ingestion time, catches
// them; the two rules are evaluated over what the contract server received (AzureAlertRules).
#include <gtest/gtest.h>

#include "core/telemetry/AppInsightsEnvelope.h"
#include "core/telemetry/FeedbackDelivery.h"
#include "core/telemetry/FeedbackLog.h"
#include "tests/support/AppInsightsTestServer.h"
#include "tests/support/AzureAlertRules.h"
#include "tests/support/TempDir.h"

namespace tweetlab::telemetry {
namespace {

using Clock = std::chrono::system_clock;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::AppInsightsTestServer;

class LateRejectionAlertTest : public ::testing::Test {
 protected:
  AppInsightsTestServer server_;
  tweetlab::testing::TempDir dir_;

  FeedbackDeliveryOptions options() const {
    FeedbackDeliveryOptions o;
    o.client.connection = ConnectionString::parse(server_.connectionString());
    o.client.storageDir = dir_ / "appinsights-queue";
    o.client.timeScale = 0.001;
    o.feedbackLog = dir_ / "feedback.jsonl";
    return o;
  }

  // Three rejections judged at `at`, `at` + 1 min, `at` + 2 min, stored and handed over.
  std::vector<std::string> reject(FeedbackDelivery& delivery, Clock::time_point at) {
    FeedbackLog log(dir_ / "feedback.jsonl");
    std::vector<std::string> times;
    for (int i = 0; i < 3; ++i) {
      FeedbackRecord r;
      r.id = "r" + std::to_string(i) + "-" + formatEnvelopeTime(at);
      r.receivedAt = formatEnvelopeTime(at + minutes(i));
      r.text = "wrong " + std::to_string(i);
      r.predicted = "positive";
      r.score = 0.8;
      delivery.prepare(r);
      log.append(r);
      delivery.send(r);
      times.push_back(r.receivedAt);
    }
    return times;
  }

  // When each rule first fires, evaluated every minute from the first verdict to 10 minutes
  // after the last arrival.
  std::vector<std::optional<Clock::time_point>> firings(Clock::time_point firstVerdict) const {
    const auto traces = testing::rejectionTraces(server_.accepted(), server_.acceptedAt());
    EXPECT_EQ(traces.size(), 3u);
    Clock::time_point lastArrival = firstVerdict;
    for (const auto& t : traces) lastArrival = std::max(lastArrival, t.ingested);
    std::vector<std::optional<Clock::time_point>> out;
    for (const auto& rule : testing::deployedAlertRules()) {
      out.push_back(testing::firstFiring(rule, traces, firstVerdict, lastArrival + minutes(10)));
    }
    return out;
  }
};

TEST_F(LateRejectionAlertTest, ABurstDeliveredAfterAnOutageFiresTheIngestionTimeRule) {
  const auto judged = Clock::now() - minutes(25);  // the burst, during a 25-minute outage
  server_.stop();
  std::vector<std::string> verdictTimes;
  {
    FeedbackDelivery delivery(options());
    verdictTimes = reject(delivery, judged);
    delivery.close(seconds(1));  // unreachable: into the offline queue
  }
  server_.start();  // the outage ends; the next start sends the queue
  FeedbackDelivery delivery(options());
  ASSERT_TRUE(server_.waitForAccepted(3, seconds(10)));

  // The traces keep the verdict time.
  std::vector<std::string> traceTimes;
  for (const auto& e : server_.accepted()) traceTimes.push_back(e["time"].get<std::string>());
  EXPECT_EQ(traceTimes, verdictTimes);

  const auto fired = firings(judged);
  EXPECT_FALSE(fired[0]) << "the verdict-time rule never sees a burst that arrives 25 min late";
  ASSERT_TRUE(fired[1]) << "the ingestion-time rule must fire";
  EXPECT_GE(*fired[1], server_.acceptedAt().front());
}

TEST_F(LateRejectionAlertTest, ABurstDeliveredOnTimeFiresOnlyTheUsualRule) {
  const auto judged = Clock::now() - minutes(2);
  FeedbackDelivery delivery(options());
  reject(delivery, judged);
  ASSERT_TRUE(delivery.client().flush(seconds(10)));
  ASSERT_TRUE(server_.waitForAccepted(3, seconds(10)));
  const auto fired = firings(judged);
  EXPECT_TRUE(fired[0]);
  EXPECT_FALSE(fired[1]) << "no second e-mail for the same burst";
}

}  // namespace
}  // namespace tweetlab::telemetry
