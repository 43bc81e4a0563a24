// The client against the contract-enforcing ingestion stand-in over real HTTP on loopback.
// Waits are event-driven (the server's condition variables, flush()); time is shrunk through
// AppInsightsConfig::timeScale, and delays are asserted as requested values, never measured.
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/common/Json.h"
#include "core/telemetry/AppInsightsClient.h"
#include "tests/support/AppInsightsTestServer.h"
#include "tests/support/TempDir.h"

namespace tweetlab::telemetry {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::AppInsightsTestServer;
constexpr milliseconds kPatience = seconds(10);  // only reached when something is broken

// Records every delivery event, thread-safe.
class Events {
 public:
  DeliveryListener listener() {
    return [this](const DeliveryEvent& e) {
      std::lock_guard lock(mutex_);
      events_.push_back(e);
    };
  }
  std::vector<DeliveryEvent> of(DeliveryEvent::Kind kind) const {
    std::lock_guard lock(mutex_);
    std::vector<DeliveryEvent> out;
    std::copy_if(events_.begin(), events_.end(), std::back_inserter(out),
                 [&](const DeliveryEvent& e) { return e.kind == kind; });
    return out;
  }
  std::size_t items(DeliveryEvent::Kind kind) const {
    std::size_t n = 0;
    for (const auto& e : of(kind)) n += e.items;
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<DeliveryEvent> events_;
};

AppInsightsConfig fastConfig(const AppInsightsTestServer& server,
                             const std::filesystem::path& dir) {
  AppInsightsConfig c;
  c.connection = ConnectionString::parse(server.connectionString());
  c.storageDir = dir;
  c.timeScale =
      0.001;  // back-off 600 ms -> 0.6 ms, Retry-After 7 s -> 7 ms, store retry 60 s -> 60 ms
  c.transport.connectTimeout = seconds(2);
  c.transport.requestTimeout = seconds(5);
  return c;
}

std::vector<std::string> messages(const std::vector<json>& envelopes) {
  std::vector<std::string> out;
  for (const auto& e : envelopes) {
    const auto& base = e["data"]["baseData"];
    out.push_back(base.contains("message") ? base["message"].get<std::string>()
                                           : base["name"].get<std::string>());
  }
  return out;
}

template <typename Pred>
bool eventually(Pred pred) {
  const auto end = std::chrono::steady_clock::now() + kPatience;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(milliseconds(2));
  }
  return true;
}

TEST(AppInsightsClient, SendsTracesAndEventsAsOneGzippedJsonStreamBatch) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  auto config = fastConfig(server, dir.path());
  config.maxBatchDelay = std::chrono::hours(1);  // flush() sends: both items in one request
  AppInsightsClient client(config, events.listener());
  client.trackTrace("prediction rejected", SeverityLevel::Warning, {{"tweet_text", "so sad"}});
  client.trackEvent("prediction_validated", {{"accepted", "true"}}, {{"score", 0.91}});
  ASSERT_TRUE(client.flush(kPatience));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].status, 200);
  EXPECT_EQ(requests[0].items, 2u);
  EXPECT_EQ(requests[0].contentType, "application/x-json-stream");
  EXPECT_EQ(requests[0].contentEncoding, "gzip");
  EXPECT_EQ(messages(server.accepted()),
            (std::vector<std::string>{"prediction rejected", "prediction_validated"}));
  EXPECT_EQ(server.accepted()[0]["data"]["baseData"]["severityLevel"], 2);
  EXPECT_EQ(events.items(DeliveryEvent::Kind::kDelivered), 2u);
  EXPECT_EQ(client.stats().delivered, 2u);
  EXPECT_EQ(client.stats().queued, 0u);
}

TEST(AppInsightsClient, BatchesByCountWithoutWaitingForTheTimer) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  auto config = fastConfig(server, dir.path());
  config.timeScale = 1;
  config.maxBatchDelay = std::chrono::hours(1);  // only the count can trigger a send
  config.maxBatchItems = 5;
  AppInsightsClient client(config);
  for (int i = 0; i < 10; ++i)
    client.trackTrace("t" + std::to_string(i), SeverityLevel::Information);
  ASSERT_TRUE(server.waitForAccepted(10, kPatience));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].items, 5u);
  EXPECT_EQ(requests[1].items, 5u);
}

TEST(AppInsightsClient, PartialSuccessResendsOnlyTheRetriableItems) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  auto config = fastConfig(server, dir.path());
  config.maxBatchItems = 3;
  config.maxBatchDelay = std::chrono::hours(1);
  // The captured 206: item 0 -> 500 (retriable), item 1 -> 400 (never), item 2 accepted.
  const auto captured = readJsonFile(std::string(TWEETLAB_SOURCE_DIR) +
                                     "/tests/data/appinsights/response_206_example.json");
  server.script({206, captured["body"], ""});
  AppInsightsClient client(config, events.listener());
  client.trackTrace("A", SeverityLevel::Warning);
  client.trackTrace("B", SeverityLevel::Warning);
  client.trackTrace("C", SeverityLevel::Warning);
  ASSERT_TRUE(server.waitForAccepted(2, kPatience));
  ASSERT_TRUE(client.flush(kPatience));
  EXPECT_EQ(messages(server.accepted()), (std::vector<std::string>{"C", "A"}));  // each once
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].items, 1u);  // only A went again
  const auto dropped = events.of(DeliveryEvent::Kind::kDropped);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].statusCode, 400);
  EXPECT_NE(dropped[0].reason.find("Field 'time' on type 'Envelope' is required."),
            std::string::npos);
  EXPECT_EQ(client.stats().delivered, 2u);
  EXPECT_EQ(client.stats().dropped, 1u);
}

TEST(AppInsightsClient, Captured206With429ItemResendsThatItemAfterRetryAfter) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  auto config = fastConfig(server, dir.path());
  config.maxBatchItems = 3;
  config.maxBatchDelay = std::chrono::hours(1);
  const auto captured =
      readJsonFile(std::string(TWEETLAB_SOURCE_DIR) +
                   "/tests/data/appinsights/response_206_retriable429_example.json");
  server.script({206, captured["body"], "4"});
  AppInsightsClient client(config, events.listener());
  for (const char* m : {"A", "B", "C"}) client.trackTrace(m, SeverityLevel::Warning);
  ASSERT_TRUE(server.waitForAccepted(3, kPatience));
  EXPECT_EQ(messages(server.accepted()), (std::vector<std::string>{"A", "C", "B"}));
  const auto retries = events.of(DeliveryEvent::Kind::kRetryScheduled);
  ASSERT_EQ(retries.size(), 1u);
  EXPECT_EQ(retries[0].items, 1u);
  EXPECT_EQ(retries[0].delay, seconds(4));  // Retry-After beats the 0.6 s back-off
}

TEST(AppInsightsClient, InvalidItemsAre400DroppedReportedAndNeverRetried) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  AppInsightsClient client(fastConfig(server, dir.path()), events.listener());
  auto bad = makeTraceEnvelope(client.context(), "no time", SeverityLevel::Error, {},
                               std::chrono::system_clock::now());
  bad.erase("time");
  client.trackEnvelope(bad);
  ASSERT_TRUE(client.flush(kPatience));
  client.trackTrace("good", SeverityLevel::Information);
  ASSERT_TRUE(client.flush(kPatience));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].status, 400);
  EXPECT_EQ(messages(server.accepted()), std::vector<std::string>{"good"});
  const auto dropped = events.of(DeliveryEvent::Kind::kDropped);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].statusCode, 400);
  EXPECT_NE(dropped[0].reason.find("'time'"), std::string::npos);
  EXPECT_TRUE(events.of(DeliveryEvent::Kind::kRetryScheduled).empty());
  EXPECT_EQ(events.items(DeliveryEvent::Kind::kPersisted), 0u);
}

TEST(AppInsightsClient, ThrottlingIsRetriedHonouringRetryAfter) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  server.script({429, nullptr, "7"}, 2);
  AppInsightsClient client(fastConfig(server, dir.path()), events.listener());
  client.trackTrace("throttled", SeverityLevel::Warning);
  ASSERT_TRUE(client.flush(kPatience));
  EXPECT_EQ(messages(server.accepted()), std::vector<std::string>{"throttled"});
  EXPECT_EQ(server.requests().size(), 3u);
  const auto retries = events.of(DeliveryEvent::Kind::kRetryScheduled);
  ASSERT_EQ(retries.size(), 2u);
  for (const auto& r : retries) {
    EXPECT_EQ(r.statusCode, 429);
    EXPECT_EQ(r.delay, seconds(7));  // longer than the back-off steps (0.6 s, 1.7 s): honoured
  }
  EXPECT_EQ(events.items(DeliveryEvent::Kind::kPersisted), 0u);
}

TEST(AppInsightsClient, ServerErrorsBackOffExponentially) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  server.script({503, nullptr, ""});
  server.script({500, nullptr, ""});
  AppInsightsClient client(fastConfig(server, dir.path()), events.listener());
  client.trackTrace("flaky", SeverityLevel::Warning);
  ASSERT_TRUE(client.flush(kPatience));
  EXPECT_EQ(messages(server.accepted()), std::vector<std::string>{"flaky"});
  const auto retries = events.of(DeliveryEvent::Kind::kRetryScheduled);
  ASSERT_EQ(retries.size(), 2u);
  EXPECT_EQ(retries[0].statusCode, 503);
  EXPECT_EQ(retries[0].delay, milliseconds(600));
  EXPECT_EQ(retries[1].statusCode, 500);
  EXPECT_EQ(retries[1].delay, milliseconds(1700));
}

TEST(AppInsightsClient, LongRetryAfterGoesToDiskInsteadOfWaitingInMemory) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  server.script({429, nullptr, "120"});  // more than maxInlineWait (30 s)
  AppInsightsClient client(fastConfig(server, dir.path()), events.listener());
  client.trackTrace("later", SeverityLevel::Warning);
  ASSERT_TRUE(client.flush(kPatience));
  EXPECT_EQ(events.items(DeliveryEvent::Kind::kPersisted), 1u);
  // Once Retry-After has passed (120 s, scaled to 0.12 s) the stored item goes out by itself.
  ASSERT_TRUE(server.waitForAccepted(1, kPatience));
  EXPECT_EQ(messages(server.accepted()), std::vector<std::string>{"later"});
}

TEST(AppInsightsClient, ServiceDownPersistsAndANewInstanceSendsAfterRestart) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  server.stop();  // connection refused
  auto config = fastConfig(server, dir.path());
  config.maxBatchDelay = std::chrono::hours(1);  // r1-r3 in one batch, sent by flush()
  {
    Events events;
    AppInsightsClient client(config, events.listener());
    for (const char* m : {"r1", "r2", "r3"}) client.trackTrace(m, SeverityLevel::Warning);
    ASSERT_TRUE(client.flush(kPatience));  // tried with back-off, then persisted
    EXPECT_EQ(events.items(DeliveryEvent::Kind::kPersisted), 3u);
    EXPECT_EQ(events.of(DeliveryEvent::Kind::kRetryScheduled).size(), 3u);  // 0.6 s, 1.7 s, 5 s
    EXPECT_EQ(events.of(DeliveryEvent::Kind::kPersisted)[0].statusCode, 0);
    client.trackTrace("r4", SeverityLevel::Warning);  // queued when the process quits
  }  // the process "exits": close() persists r4 (the service is known to be down)
  EXPECT_EQ(OfflineStore(dir.path(), {}).itemCount(), 4u);

  server.start();
  Events events;
  AppInsightsClient restarted(fastConfig(server, dir.path()), events.listener());
  ASSERT_TRUE(server.waitForAccepted(4, kPatience));
  ASSERT_TRUE(eventually([&] { return OfflineStore(dir.path(), {}).fileCount() == 0; }));
  restarted.close(kPatience);
  EXPECT_EQ(messages(server.accepted()), (std::vector<std::string>{"r1", "r2", "r3", "r4"}));
  EXPECT_EQ(events.items(DeliveryEvent::Kind::kDelivered), 4u);
}

TEST(AppInsightsClient, StoredItemsGoOutWhenTheServiceComesBackWithoutARestart) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  server.stop();
  AppInsightsClient client(fastConfig(server, dir.path()));
  client.trackTrace("while down", SeverityLevel::Warning);
  ASSERT_TRUE(client.flush(kPatience));
  EXPECT_EQ(client.stats().persisted, 1u);
  server.start();
  client.trackTrace("after", SeverityLevel::Warning);  // a success also triggers the store
  ASSERT_TRUE(server.waitForAccepted(2, kPatience));
  auto got = messages(server.accepted());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"after", "while down"}));
}

TEST(AppInsightsClient, DiskBoundDropsOldestBatchesAndReportsThem) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  server.stop();
  Events events;
  auto config = fastConfig(server, dir.path());
  config.backoff.clear();  // straight to disk: this test is about the store
  config.storeLimits.maxBytes = 4000;
  {
    AppInsightsClient client(config, events.listener());
    for (int i = 0; i < 8; ++i) {
      client.trackTrace("batch " + std::to_string(i) + " " + std::string(600, 'x'),
                        SeverityLevel::Warning);
      ASSERT_TRUE(client.flush(kPatience));
    }
  }
  OfflineStore store(dir.path(), {});
  EXPECT_LE(store.totalBytes(), 4000u);
  const auto droppedFromStore = events.items(DeliveryEvent::Kind::kDroppedFromStore);
  EXPECT_GT(droppedFromStore, 0u);
  EXPECT_EQ(store.itemCount() + droppedFromStore, 8u);
  server.start();
  AppInsightsClient restarted(config);
  ASSERT_TRUE(server.waitForAccepted(store.itemCount(), kPatience));
  // What survived are the newest batches, oldest of them first.
  const auto got = messages(server.accepted());
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.back().rfind("batch 7", 0), 0u);
  EXPECT_EQ(got.front().rfind("batch " + std::to_string(8 - got.size()), 0), 0u);
}

TEST(AppInsightsClient, TrackingNeverWaitsForAStalledService) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  server.hold();  // the service accepts the connection and then says nothing
  AppInsightsClient client(fastConfig(server, dir.path()));
  client.trackTrace("first", SeverityLevel::Warning);
  ASSERT_TRUE(server.waitUntilHeld(kPatience));  // the sender is now stuck inside a POST
  for (int i = 0; i < 200; ++i) client.trackTrace("more", SeverityLevel::Warning);
  // All 200 calls returned while the one request is still held: nothing was answered yet.
  EXPECT_TRUE(server.requests().empty());
  EXPECT_EQ(client.stats().tracked, 201u);
  server.release();
  ASSERT_TRUE(client.flush(kPatience));
  EXPECT_EQ(server.accepted().size(), 201u);
}

TEST(AppInsightsClient, CloseAbortsAStalledRequestAndPersistsItsItems) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  server.hold();
  {
    AppInsightsClient client(fastConfig(server, dir.path()), events.listener());
    client.trackTrace("in flight", SeverityLevel::Warning);
    ASSERT_TRUE(server.waitUntilHeld(kPatience));
    client.trackTrace("queued", SeverityLevel::Warning);
    client.close(milliseconds(50));  // returns although the service never answers
  }
  EXPECT_EQ(events.items(DeliveryEvent::Kind::kPersisted), 2u);
  EXPECT_EQ(OfflineStore(dir.path(), {}).itemCount(), 2u);
  server.release();
}

TEST(AppInsightsClient, WithoutAStoreUndeliverableItemsAreReportedAsDropped) {
  AppInsightsTestServer server;
  server.stop();
  Events events;
  auto config = fastConfig(server, {});
  config.storageDir.clear();
  config.backoff.clear();
  AppInsightsClient client(config, events.listener());
  client.trackTrace("nowhere", SeverityLevel::Warning);
  ASSERT_TRUE(client.flush(kPatience));
  const auto dropped = events.of(DeliveryEvent::Kind::kDropped);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_NE(dropped[0].reason.find("no offline store"), std::string::npos);
}

TEST(AppInsightsClient, UnknownInstrumentationKeyIsRefusedAndReported) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  auto config = fastConfig(server, dir.path());
  config.connection =
      ConnectionString::parse(server.connectionString("99999999-9999-9999-9999-999999999999"));
  AppInsightsClient client(config, events.listener());
  client.trackTrace("wrong key", SeverityLevel::Warning);
  ASSERT_TRUE(client.flush(kPatience));
  const auto dropped = events.of(DeliveryEvent::Kind::kDropped);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_NE(dropped[0].reason.find("Invalid instrumentation key"), std::string::npos);
}

// Issue 14 item 7: a counter moves only once the listener has handled the event (written its log
// line, settled its items in the ledger): whoever sees a drop on /metrics finds its log line.
TEST(AppInsightsClient, CountersMoveOnlyAfterTheListenerHandledTheEvent) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  auto config = fastConfig(server, dir.path());
  config.connection =
      ConnectionString::parse(server.connectionString("99999999-9999-9999-9999-999999999999"));
  std::mutex mutex;
  std::condition_variable changed;
  bool inListener = false;
  bool mayReturn = false;
  AppInsightsClient client(config, [&](const DeliveryEvent& e) {
    if (e.kind != DeliveryEvent::Kind::kDropped) return;
    std::unique_lock lock(mutex);
    inListener = true;
    changed.notify_all();
    changed.wait(lock, [&] { return mayReturn; });
  });
  client.trackTrace("wrong key", SeverityLevel::Warning);
  bool reached = false;
  {
    std::unique_lock lock(mutex);
    reached = changed.wait_for(lock, kPatience, [&] { return inListener; });
  }
  const auto whileListening = client.stats();
  {
    const std::lock_guard lock(mutex);
    mayReturn = true;  // before any assertion: the sender must never stay stuck in the listener
  }
  changed.notify_all();
  ASSERT_TRUE(reached) << "the refusal was never reported";
  EXPECT_EQ(whileListening.dropped, 0u) << "counted before its listener ran";
  EXPECT_TRUE(whileListening.droppedBy.empty());
  ASSERT_TRUE(client.flush(kPatience));
  EXPECT_EQ(client.stats().dropped, 1u);
  EXPECT_EQ(client.stats().droppedBy.at("refused"), 1u);
}

// Redirects (issue 14 item 5): both SDKs follow 307/308 with the same method and body.
std::vector<std::string> paths(const AppInsightsTestServer& server) {
  std::vector<std::string> out;
  for (const auto& r : server.requests()) out.push_back(r.path + " " + std::to_string(r.status));
  return out;
}

void trackMany(AppInsightsClient& client, int n, const std::string& prefix) {
  for (int i = 0; i < n; ++i) {
    client.trackTrace(prefix + std::to_string(i), SeverityLevel::Warning);
  }
}

TEST(AppInsightsClient, A307IsFollowedWithTheSameBodyAndOnlyForThatRequest) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  auto config = fastConfig(server, dir.path());
  config.maxBatchDelay = std::chrono::hours(1);
  AppInsightsClient client(config, events.listener());
  server.script({307, {}, {}, "/moved/v2.1/track"});
  trackMany(client, 20, "r");
  ASSERT_TRUE(client.flush(kPatience));
  EXPECT_EQ(server.accepted().size(), 20u) << "the whole batch arrives after the redirect";
  EXPECT_EQ(events.items(DeliveryEvent::Kind::kDelivered), 20u);
  EXPECT_TRUE(events.of(DeliveryEvent::Kind::kDropped).empty());
  // Temporary: the next batch goes to the configured endpoint again.
  trackMany(client, 3, "s");
  ASSERT_TRUE(client.flush(kPatience));
  EXPECT_EQ(paths(server), (std::vector<std::string>{"/v2.1/track 307", "/moved/v2.1/track 200",
                                                     "/v2.1/track 200"}));
  EXPECT_TRUE(events.of(DeliveryEvent::Kind::kEndpointMoved).empty());
}

TEST(AppInsightsClient, A308ToAnotherHostIsRememberedForTheRestOfTheProcessAndReported) {
  AppInsightsTestServer oldEndpoint;
  AppInsightsTestServer newEndpoint;
  testing::TempDir dir;
  Events events;
  oldEndpoint.redirectAll(308, newEndpoint.endpoint() + "/v2.1/track");
  auto config = fastConfig(oldEndpoint, dir.path());
  config.maxBatchDelay = std::chrono::hours(1);
  AppInsightsClient client(config, events.listener());
  for (int batch = 0; batch < 3; ++batch) {
    trackMany(client, 5, "b" + std::to_string(batch) + "-");
    ASSERT_TRUE(client.flush(kPatience));
  }
  EXPECT_EQ(newEndpoint.accepted().size(), 15u);
  EXPECT_EQ(paths(oldEndpoint), (std::vector<std::string>{"/v2.1/track 308"}))
      << "after the 308 the client posts to the new endpoint directly";
  const auto moved = events.of(DeliveryEvent::Kind::kEndpointMoved);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_NE(moved[0].reason.find(newEndpoint.endpoint() + "/v2.1/track"), std::string::npos);
}

TEST(AppInsightsClient, ARedirectLoopIsBoundedAndItsItemsAreReportedAsDropped) {
  AppInsightsTestServer server;
  testing::TempDir dir;
  Events events;
  server.redirectAll(307, "/v2.1/track");  // to itself, forever
  auto config = fastConfig(server, dir.path());
  AppInsightsClient client(config, events.listener());
  trackMany(client, 4, "loop");
  ASSERT_TRUE(client.flush(kPatience));
  EXPECT_EQ(server.requests().size(), static_cast<std::size_t>(1 + kMaxRedirects));
  EXPECT_EQ(events.items(DeliveryEvent::Kind::kDropped), 4u);
  const auto dropped = events.of(DeliveryEvent::Kind::kDropped);
  ASSERT_FALSE(dropped.empty());
  EXPECT_NE(dropped[0].reason.find("redirect not followed: more than 5 redirects"),
            std::string::npos)
      << dropped[0].reason;
  EXPECT_EQ(client.stats().dropped, 4u);
}

TEST(IngestionTransport, LocationsResolveAgainstTheUrlThatAnswered) {
  const std::string from = "https://dc.example.test:8443/prefix/v2.1/track";
  EXPECT_EQ(resolveLocation(from, "https://other.test/v2.1/track"),
            "https://other.test/v2.1/track");
  EXPECT_EQ(resolveLocation(from, "/v2.1/track"), "https://dc.example.test:8443/v2.1/track");
  EXPECT_EQ(resolveLocation(from, "//eu.example.test/v2.1/track"),
            "https://eu.example.test/v2.1/track");
  EXPECT_EQ(resolveLocation(from, "track2"), "https://dc.example.test:8443/prefix/v2.1/track2");
  EXPECT_EQ(resolveLocation(from, "ftp://x.test/"), std::nullopt);
  EXPECT_EQ(resolveLocation(from, ""), std::nullopt);
}

}  // namespace
}  // namespace tweetlab::telemetry
