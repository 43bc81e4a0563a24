// Issue 14 item 6: feedback acknowledged with 201 reaches Application Insights exactly once even
// when tweetlab-serve is killed with SIGKILL right after answering (the items were waiting in
// memory for the batch window or the back-off). A real tweetlab-serve process, a real kill -9,
// a restart on the same feedback log, the contract-enforcing ingestion stand-in.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/integration/serve/ServeHarness.h"
#include "tests/support/AppInsightsTestServer.h"
#include "tests/support/ChildProcess.h"

namespace tweetlab::serve {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using tweetlab::testing::AppInsightsTestServer;
using tweetlab::testing::ChildProcess;

constexpr int kFeedbacks = 10;

class ServeCrashTest : public ::testing::Test {
 protected:
  std::unique_ptr<ChildProcess> start(const std::string& logName) {
    auto serve = std::make_unique<ChildProcess>(
        std::vector<std::string>{TWEETLAB_SERVE_BINARY, "--bundle",
                                 testing::sampleBundle().string(), "--port", "0", "--threads", "4",
                                 "--feedback-log", (dir_ / "feedback.jsonl").string()},
        dir_ / logName,
        std::vector<std::string>{"APPLICATIONINSIGHTS_CONNECTION_STRING=" +
                                 ingestion_.connectionString()});
    // The start-up notice follows "listening"; it says how many records were sent again.
    EXPECT_TRUE(serve->waitForLog("feedback is stored in the feedback log", 180s)) << serve->log();
    return serve;
  }

  static int portOf(const ChildProcess& serve) {
    std::istringstream lines(serve.log());
    std::string line;
    while (std::getline(lines, line)) {
      const auto j = json::parse(line, nullptr, false);
      if (j.is_object() && j.value("msg", "") == "listening") return j.value("port", 0);
    }
    return 0;
  }

  // Posts kFeedbacks rejections; returns the ids the server acknowledged with 201.
  std::set<std::string> postFeedback(int port) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10, 0);
    std::set<std::string> ids;
    for (int i = 0; i < kFeedbacks; ++i) {
      const json body{{"text", "crash test tweet " + std::to_string(i)},
                      {"predicted", "positive"},
                      {"score", 0.8},
                      {"accepted", false}};
      const auto res = c.Post("/feedback", body.dump(), "application/json");
      EXPECT_TRUE(res);
      if (!res) continue;
      EXPECT_EQ(res->status, 201) << res->body;
      const auto answer = json::parse(res->body);
      EXPECT_EQ(answer["queued_for"], "application-insights") << res->body;
      ids.insert(answer["id"].get<std::string>());
    }
    return ids;
  }

  std::map<std::string, int> arrivals() const {
    std::map<std::string, int> out;
    for (const auto& e : ingestion_.accepted()) {
      ++out[e["data"]["baseData"]["properties"]["feedback_id"].get<std::string>()];
    }
    return out;
  }

  // The restarted server delivers; a third start finds nothing left to send.
  void expectEachArrivesOnce(const std::set<std::string>& acknowledged) {
    auto restarted = start("restart.log");
    ASSERT_TRUE(ingestion_.waitForAccepted(acknowledged.size(), 120s))
        << "only " << ingestion_.accepted().size() << " arrived\n"
        << restarted->log();
    restarted->signal(SIGTERM);  // graceful: whatever is still in flight is settled or queued
    EXPECT_EQ(restarted->wait(120s), 0) << restarted->log();
    auto third = start("third.log");
    EXPECT_EQ(third->log().find("sent again"), std::string::npos)
        << "a third start must find nothing left to send:\n"
        << third->log();
    third->signal(SIGTERM);
    EXPECT_EQ(third->wait(120s), 0);

    const auto got = arrivals();
    EXPECT_EQ(got.size(), acknowledged.size());
    for (const auto& id : acknowledged) {
      EXPECT_EQ(got.count(id) ? got.at(id) : 0, 1) << "feedback " << id;
    }
  }

  tweetlab::testing::TempDir dir_;
  AppInsightsTestServer ingestion_;
};

TEST_F(ServeCrashTest, KilledWithIngestionUpEveryAcknowledgedFeedbackArrivesOnce) {
  std::set<std::string> acknowledged;
  {
    auto serve = start("first.log");
    acknowledged = postFeedback(portOf(*serve));
    serve->signal(SIGKILL);  // within the 2 s batch window: the items are in memory
    EXPECT_EQ(serve->wait(10s), 128 + SIGKILL);
  }
  ASSERT_EQ(acknowledged.size(), static_cast<std::size_t>(kFeedbacks));
  expectEachArrivesOnce(acknowledged);
}

TEST_F(ServeCrashTest, KilledWithIngestionDownEveryAcknowledgedFeedbackArrivesOnce) {
  ingestion_.stop();  // connection refused: items wait for the back-off, then the offline queue
  std::set<std::string> acknowledged;
  {
    auto serve = start("first.log");
    acknowledged = postFeedback(portOf(*serve));
    serve->signal(SIGKILL);
    EXPECT_EQ(serve->wait(10s), 128 + SIGKILL);
  }
  ASSERT_EQ(acknowledged.size(), static_cast<std::size_t>(kFeedbacks));
  EXPECT_TRUE(ingestion_.accepted().empty());
  ingestion_.start();
  expectEachArrivesOnce(acknowledged);
}

}  // namespace
}  // namespace tweetlab::serve
