#pragma once
// The Application Insights client: trackTrace()/trackEvent() build an envelope and queue it, and
// return at once; one background sender thread batches, gzips and POSTs to {endpoint}/v2.1/track.
//
// Delivery (PROTOCOL.md, "Response and retries"; IngestionResponse.h has the per-status rules):
//  - a batch goes when it holds maxBatchItems items or maxBatchBytes bytes, when its oldest item
//    has waited maxBatchDelay, or on flush();
//  - 206: only the retriable items are resent; 400 (and per-item 400s): dropped and reported;
//  - 307/308: followed by the transport (a 308 moves the endpoint for the process; reported);
//  - 408/429/439/5xx/refused/timeout: retried after the back-off schedule (default 0.6 s, 1.7 s,
//    5 s, like the 3.x SDK) or Retry-After when that is longer;
//  - what still fails goes to the OfflineStore (bounded by size and age, oldest dropped first,
//    reported) and is resent after the next success, every storeRetryInterval, and on the next
//    start (a new client on the same directory);
//  - close() (and the destructor) sends what it can within its timeout and persists the rest;
//    an in-flight request that outlives the timeout is aborted and its items persisted.
// Guarantee: at-least-once. An item is never sent again after a 200 that accepted it, except
// when the process dies between that 200 and deleting the stored file that held it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/telemetry/AppInsightsEnvelope.h"
#include "core/telemetry/ConnectionString.h"
#include "core/telemetry/IngestionResponse.h"
#include "core/telemetry/IngestionTransport.h"
#include "core/telemetry/OfflineStore.h"

namespace tweetlab::telemetry {

struct AppInsightsConfig {
  ConnectionString connection;
  std::string cloudRole = "tweetlab";  // ai.cloud.role
  std::string userId;                  // ai.user.id (optional)
  std::filesystem::path storageDir;    // offline store; empty: undeliverable items are dropped
  OfflineStoreLimits storeLimits;

  std::size_t maxBatchItems = 100;
  std::size_t maxBatchBytes = 1024 * 1024;  // uncompressed envelope bytes per request
  std::chrono::milliseconds maxBatchDelay{2000};
  std::size_t maxQueuedItems = 10000;  // in memory; beyond it the oldest is dropped and reported

  // Waits before the 2nd, 3rd, ... attempt of a batch; after the last the batch is persisted.
  std::vector<std::chrono::milliseconds> backoff{std::chrono::milliseconds(600),
                                                 std::chrono::milliseconds(1700),
                                                 std::chrono::milliseconds(5000)};
  // A Retry-After longer than this is not waited for in memory: the batch is persisted and the
  // store is retried once Retry-After has passed.
  std::chrono::milliseconds maxInlineWait{std::chrono::seconds(30)};
  std::chrono::milliseconds storeRetryInterval{std::chrono::seconds(60)};
  TransportOptions transport;

  // Every wait above (batch delay, back-off, Retry-After, store retry) is multiplied by this before
  // the sender sleeps; events still report the unscaled delay. Tests shrink time with it; leave 1.
  double timeScale = 1.0;
};

// What happened to telemetry, for the status bar, logs and tests. Called on the sender thread
// (kDroppedQueueFull on the tracking thread): keep handlers short; of the client they may only
// call stats(). The counters of stats() move after the listener returned.
// How delivery stands, from the last attempt: what an operator or a tester needs to know.
enum class DeliveryState {
  kHealthy,      // the service answers (or nothing was sent yet)
  kUnreachable,  // no answer, throttled or 5xx: items wait in memory, then in the offline store
  kBlocked,      // the endpoint's HTTPS certificate is not trusted: nothing can go until fixed
};
const char* toString(DeliveryState state);  // "healthy", "unreachable", "blocked"

struct DeliveryEvent {
  enum class Kind {
    kDelivered,         // accepted by the service (200, or the accepted part of a 206)
    kDropped,           // refused for good (400, per-item 400, other 4xx) or nowhere to keep it
    kRetryScheduled,    // a batch (or its retriable part) will be sent again after `delay`
    kPersisted,         // written to the offline store
    kDroppedFromStore,  // removed from the offline store by its size/age limits
    kDroppedQueueFull,  // the in-memory queue overflowed
    kEndpointMoved,     // a 308 moved the ingestion endpoint for the rest of the process
    kStateChanged,      // DeliveryState changed (`state`), `reason` says why
  };
  Kind kind;
  std::size_t items = 0;
  int statusCode = 0;  // HTTP status (0: no answer) where it applies
  std::chrono::milliseconds delay{0};
  std::string reason;
  // Drops: "refused" (the service said no), "redirect" (a 3xx that could not be followed),
  // "queue_full", "store_limit", "no_store", "not_persisted", "closed".
  std::string cause{};
  // kDelivered and kDropped "refused": the envelopes concerned (as sent), so a caller can tell
  // which of its items are settled.
  std::vector<std::string> envelopes{};
  DeliveryState state{DeliveryState::kHealthy};  // kStateChanged: the new state
};
using DeliveryListener = std::function<void(const DeliveryEvent&)>;

struct DeliveryStats {
  std::uint64_t tracked = 0;
  std::uint64_t sent = 0;  // items posted, counting every attempt
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;                       // every kind of drop
  std::map<std::string, std::uint64_t> droppedBy;  // by DeliveryEvent::cause
  std::uint64_t persisted = 0;
  std::uint64_t retries = 0;       // retry decisions (batches)
  std::uint64_t retriedItems = 0;  // items scheduled for another attempt
  std::size_t queued = 0;          // in memory, including the batch in flight
  std::size_t stored = 0;          // in the offline store
  // Age of the oldest item waiting (memory or store); 0 when nothing waits.
  double oldestQueuedSeconds = 0;
  DeliveryState state = DeliveryState::kHealthy;
  std::string stateReason;
};

class AppInsightsClient {
 public:
  // Starts the sender thread (which first resends anything left in the store). InputError for a
  // bad endpoint, IoError when the store directory cannot be created.
  explicit AppInsightsClient(AppInsightsConfig config, DeliveryListener listener = {});
  ~AppInsightsClient();  // close(std::chrono::seconds(3))
  AppInsightsClient(const AppInsightsClient&) = delete;
  AppInsightsClient& operator=(const AppInsightsClient&) = delete;

  // Never block on the network, never throw for telemetry content. After close() they are ignored.
  void trackTrace(std::string_view message, SeverityLevel severity,
                  const Properties& properties = {});
  void trackEvent(std::string_view name, const Properties& properties = {},
                  const Measurements& measurements = {});
  // A ready envelope (already shaped; used by the feedback forwarder and tests).
  void trackEnvelope(const nlohmann::json& envelope);

  // Sends everything queued now; true when the queue is empty within `timeout` (each item
  // delivered, dropped or persisted). Blocks the caller: not for the GUI thread.
  bool flush(std::chrono::milliseconds timeout);

  // Sends what it can within `timeout`, persists the rest, stops the sender. Idempotent.
  void close(std::chrono::milliseconds timeout);

  // Counters and state; reads the offline store's directory (not for a tight loop).
  DeliveryStats stats() const;
  const TelemetryContext& context() const { return context_; }

 private:
  using Clock = std::chrono::system_clock;
  using SteadyClock = std::chrono::steady_clock;
  struct Queued {
    std::string envelope;
    SteadyClock::time_point enqueued;
  };

  void run();
  bool batchReadyLocked(SteadyClock::time_point now) const;
  std::vector<std::string> takeBatchLocked();
  void deliver(std::vector<std::string> batch);
  void sendStored();
  void persist(const std::vector<std::string>& items, int status, const std::string& why);
  // `inMemory`: the items are the batch in flight (not read from the store).
  void report(const std::vector<std::string>& items, const TransportResponse& response,
              const IngestionOutcome& outcome, bool inMemory);
  void leftMemory(std::size_t items);  // items of the batch in flight went to the store
  void updateState(const TransportResponse& response, const IngestionOutcome& outcome);
  // Sleeps `delay` (scaled) unless closing; false when woken by close().
  bool pause(std::chrono::milliseconds delay);
  std::chrono::milliseconds scaled(std::chrono::milliseconds d) const;
  void notify(const DeliveryEvent& event);

  AppInsightsConfig config_;
  TelemetryContext context_;
  DeliveryListener listener_;
  IngestionTransport transport_;
  std::unique_ptr<OfflineStore> store_;  // null without storageDir

  mutable std::mutex mutex_;
  std::condition_variable wake_;      // to the sender: new items, flush, close
  std::condition_variable progress_;  // to flush(): the queue moved
  std::deque<Queued> queue_;
  std::size_t queuedBytes_ = 0;
  std::size_t inFlight_ = 0;
  // A batch is out: until deliver() returns, including its reports (inFlight_ drops before the
  // listener runs, so that /metrics never shows an item both settled and waiting). flush() waits
  // for it, so that what it returns to is counted.
  bool delivering_ = false;
  bool flushRequested_ = false;
  bool closing_ = false;
  bool senderDone_ = false;
  SteadyClock::time_point closeDeadline_{};
  SteadyClock::time_point inFlightSince_{};  // when the oldest item of the batch in flight came
  std::atomic<bool> stopping_{false};        // closing_, readable without the lock
  // Sender-thread state (no lock needed).
  bool serviceDown_ = false;  // the last attempt failed: one try per batch, then the store
  bool storePending_ = false;
  SteadyClock::time_point nextStoreAttempt_{};
  DeliveryStats stats_;  // guarded by mutex_
  std::thread sender_;
};

}  // namespace tweetlab::telemetry
