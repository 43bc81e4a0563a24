// Acknowledged feedback reaches Application Insights exactly once across restarts: the log says
// what must go, the ledger what went, the offline queue what waits (FeedbackDelivery.h). A crash
// is the state it leaves on disk: records in the log that neither the ledger nor the queue holds.
// The real kill -9 of a real tweetlab-serve is in tests/integration/serve/ServeCrashTest.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "core/telemetry/AppInsightsEnvelope.h"
#include "core/telemetry/FeedbackDelivery.h"
#include "core/telemetry/FeedbackLog.h"
#include "tests/support/AppInsightsTestServer.h"
#include "tests/support/TempDir.h"

namespace tweetlab::telemetry {
namespace {

using std::chrono::seconds;
using testing::AppInsightsTestServer;
constexpr auto kDeliveryPatience = seconds(10);

class FeedbackDeliveryTest : public ::testing::Test {
 protected:
  AppInsightsTestServer server_;
  tweetlab::testing::TempDir dir_;

  FeedbackDeliveryOptions options(bool sendValidations = true) const {
    FeedbackDeliveryOptions o;
    o.client.connection = ConnectionString::parse(server_.connectionString());
    o.client.storageDir = dir_ / "appinsights-queue";
    o.client.timeScale = 0.001;
    o.client.storeRetryInterval = seconds(3600);  // only start-up and success send the store
    o.feedbackLog = dir_ / "feedback.jsonl";
    o.sendValidations = sendValidations;
    return o;
  }

  // What /feedback does: mark, store durably, then hand over.
  FeedbackRecord store(FeedbackLog& log, FeedbackDelivery* delivery, int n, bool accepted = false) {
    FeedbackRecord r;
    r.id = "fb-" + std::to_string(n);
    r.receivedAt = formatEnvelopeTime(std::chrono::system_clock::now());
    r.text = "tweet " + std::to_string(n);
    r.predicted = "positive";
    r.score = 0.9;
    r.accepted = accepted;
    if (delivery) {
      delivery->prepare(r);
    } else {
      r.forwardTo = kApplicationInsightsRoute;  // marked by a process that then died
    }
    log.append(r);
    if (delivery) delivery->send(r);
    return r;
  }

  // feedback_id -> how many times the service accepted it.
  std::map<std::string, int> arrivals() const {
    std::map<std::string, int> out;
    for (const auto& e : server_.accepted()) {
      ++out[e["data"]["baseData"]["properties"]["feedback_id"].get<std::string>()];
    }
    return out;
  }
};

TEST_F(FeedbackDeliveryTest, RecordsAcknowledgedButNeverSentAreSentOnceAtTheNextStart) {
  {
    FeedbackLog log(dir_ / "feedback.jsonl");
    for (int i = 0; i < 10; ++i) store(log, nullptr, i);  // the process died before sending
  }
  FeedbackDelivery delivery(options());
  EXPECT_EQ(delivery.replayedAtStart(), 10u);
  ASSERT_TRUE(delivery.client().flush(kDeliveryPatience));
  ASSERT_TRUE(server_.waitForAccepted(10, kDeliveryPatience));
  delivery.close(seconds(3));
  const auto got = arrivals();
  ASSERT_EQ(got.size(), 10u);
  for (const auto& [id, count] : got) EXPECT_EQ(count, 1) << id;

  // Started again: everything is settled, nothing goes twice.
  FeedbackDelivery again(options());
  EXPECT_EQ(again.replayedAtStart(), 0u);
  ASSERT_TRUE(again.client().flush(kDeliveryPatience));
  EXPECT_EQ(server_.accepted().size(), 10u);
}

TEST_F(FeedbackDeliveryTest, WhatWaitsInTheOfflineQueueIsNotReplayedAgain) {
  FeedbackLog log(dir_ / "feedback.jsonl");
  server_.stop();
  {
    FeedbackDelivery delivery(options());
    for (int i = 0; i < 6; ++i) store(log, &delivery, i);
    delivery.close(seconds(1));  // unreachable: all six go to the offline queue
  }
  for (int i = 6; i < 9; ++i) store(log, nullptr, i);  // three more, never handed over
  server_.start();
  FeedbackDelivery delivery(options());
  EXPECT_EQ(delivery.replayedAtStart(), 3u) << "the queued six are sent from the queue";
  ASSERT_TRUE(server_.waitForAccepted(9, kDeliveryPatience));
  ASSERT_TRUE(delivery.client().flush(kDeliveryPatience));
  delivery.close(seconds(3));
  const auto got = arrivals();
  ASSERT_EQ(got.size(), 9u);
  for (const auto& [id, count] : got) EXPECT_EQ(count, 1) << id;
  FeedbackDelivery again(options());
  EXPECT_EQ(again.replayedAtStart(), 0u);
}

TEST_F(FeedbackDeliveryTest, RecordsNotForThisRouteAreNeverSent) {
  FeedbackLog log(dir_ / "feedback.jsonl");
  FeedbackRecord local;
  local.id = "local-only";
  local.receivedAt = formatEnvelopeTime(std::chrono::system_clock::now());
  local.text = "went through the API route";
  local.predicted = "negative";
  log.append(local);  // no forward_to
  {
    FeedbackDelivery delivery(options(/*sendValidations=*/false));
    auto validation = store(log, &delivery, 1, /*accepted=*/true);
    EXPECT_TRUE(validation.forwardTo.empty()) << "validations are off: not marked, not sent";
    store(log, &delivery, 2);
    ASSERT_TRUE(delivery.client().flush(kDeliveryPatience));
  }
  FeedbackDelivery delivery(options(false));
  EXPECT_EQ(delivery.replayedAtStart(), 0u);
  ASSERT_TRUE(delivery.client().flush(kDeliveryPatience));
  EXPECT_EQ(arrivals(), (std::map<std::string, int>{{"fb-2", 1}}));
}

TEST_F(FeedbackDeliveryTest, RefusedItemsAreSettledAndTheLedgerStaysSmall) {
  FeedbackLog log(dir_ / "feedback.jsonl");
  {
    FeedbackDelivery delivery(options());
    for (int i = 0; i < 50; ++i) store(log, &delivery, i);
    ASSERT_TRUE(delivery.client().flush(kDeliveryPatience));
    ASSERT_TRUE(server_.waitForAccepted(50, kDeliveryPatience));
  }
  {
    // A record the service refuses for good (an unknown key): settled, so it is not sent again
    // at every start.
    auto o = options();
    o.client.connection =
        ConnectionString::parse(server_.connectionString("99999999-9999-9999-9999-999999999999"));
    FeedbackDelivery delivery(o);
    store(log, &delivery, 50);
    ASSERT_TRUE(delivery.client().flush(kDeliveryPatience));
    EXPECT_EQ(delivery.client().stats().droppedBy["refused"], 1u);
  }
  FeedbackDelivery delivery(options());
  EXPECT_EQ(delivery.replayedAtStart(), 0u);
  EXPECT_EQ(server_.accepted().size(), 50u);
  // Compacted at start: only the "through" line is left.
  std::ifstream ledger(dir_ / "appinsights-queue" / "delivered.ledger");
  std::string first, second;
  std::getline(ledger, first);
  EXPECT_NE(first.find("\"through\""), std::string::npos) << first;
  EXPECT_FALSE(std::getline(ledger, second)) << second;
}

}  // namespace
}  // namespace tweetlab::telemetry
