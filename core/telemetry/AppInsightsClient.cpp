#include "core/telemetry/AppInsightsClient.h"

#include <algorithm>
#include <cmath>

#include "core/common/Errors.h"
#include "core/telemetry/IngestionResponse.h"

namespace tweetlab::telemetry {
namespace {

std::string describe(const TransportResponse& r) {
  if (r.status == 0) return "no answer from the ingestion endpoint (" + r.error + ")";
  return "HTTP " + std::to_string(r.status);
}

}  // namespace

AppInsightsClient::AppInsightsClient(AppInsightsConfig config, DeliveryListener listener)
    : config_(std::move(config)),
      context_(TelemetryContext::forThisProcess(config_.connection.instrumentationKey,
                                                config_.cloudRole)),
      listener_(std::move(listener)),
      transport_(config_.connection.trackUrl(), config_.transport) {
  context_.userId = config_.userId;
  if (config_.maxBatchItems == 0) config_.maxBatchItems = 1;
  if (!config_.storageDir.empty()) {
    store_ = std::make_unique<OfflineStore>(config_.storageDir, config_.storeLimits);
    storePending_ = store_->fileCount() > 0;
  }
  sender_ = std::thread([this] { run(); });
}

AppInsightsClient::~AppInsightsClient() {
  close(std::chrono::seconds(3));
}

void AppInsightsClient::trackTrace(std::string_view message, SeverityLevel severity,
                                   const Properties& properties) {
  trackEnvelope(makeTraceEnvelope(context_, message, severity, properties, Clock::now()));
}

void AppInsightsClient::trackEvent(std::string_view name, const Properties& properties,
                                   const Measurements& measurements) {
  trackEnvelope(makeEventEnvelope(context_, name, properties, measurements, Clock::now()));
}

void AppInsightsClient::trackEnvelope(const nlohmann::json& envelope) {
  std::string line = serializeEnvelope(envelope);
  std::optional<DeliveryEvent> overflow;
  {
    std::lock_guard lock(mutex_);
    if (closing_) {
      overflow = DeliveryEvent{DeliveryEvent::Kind::kDropped, 1, 0, {}, "tracked after close()"};
      overflow->cause = "closed";
    } else {
      queuedBytes_ += line.size();
      queue_.push_back({std::move(line), SteadyClock::now()});
      ++stats_.tracked;
      if (queue_.size() > config_.maxQueuedItems) {
        queuedBytes_ -= queue_.front().envelope.size();
        queue_.pop_front();
        overflow = DeliveryEvent{
            DeliveryEvent::Kind::kDroppedQueueFull,
            1,
            0,
            {},
            "more than " + std::to_string(config_.maxQueuedItems) + " items waiting to be sent"};
        overflow->cause = "queue_full";
      }
    }
  }
  wake_.notify_all();
  if (overflow) notify(*overflow);
}

bool AppInsightsClient::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  flushRequested_ = true;
  wake_.notify_all();
  return progress_.wait_for(lock, timeout, [this] { return queue_.empty() && !delivering_; });
}

void AppInsightsClient::close(std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  {
    std::lock_guard lock(mutex_);
    if (closing_) {
      // Second call (or the destructor after close()): just make sure the thread is gone.
    } else {
      closing_ = true;
      closeDeadline_ = deadline;
    }
  }
  stopping_ = true;
  wake_.notify_all();
  {
    std::unique_lock lock(mutex_);
    progress_.wait_until(lock, deadline, [this] { return senderDone_; });
    // Past the deadline: cut the request in flight (its items are then persisted). Repeated,
    // because the sender may be between two requests when the first abort lands.
    while (!senderDone_) {
      lock.unlock();
      transport_.abort();
      lock.lock();
      progress_.wait_for(lock, std::chrono::milliseconds(20), [this] { return senderDone_; });
    }
  }
  if (sender_.joinable()) sender_.join();
}

DeliveryStats AppInsightsClient::stats() const {
  // The store is read outside the lock: its files are written whole (temporary + rename).
  std::size_t stored = 0;
  std::optional<Clock::time_point> storedSince;
  if (store_) {
    try {
      stored = store_->itemCount();
      storedSince = store_->oldestStoredAt();
    } catch (const std::exception&) {
    }
  }
  std::lock_guard lock(mutex_);
  DeliveryStats s = stats_;
  s.queued = queue_.size() + inFlight_;
  s.stored = stored;
  double oldest = 0;
  if (inFlight_ > 0) {
    oldest = std::chrono::duration<double>(SteadyClock::now() - inFlightSince_).count();
  } else if (!queue_.empty()) {
    oldest = std::chrono::duration<double>(SteadyClock::now() - queue_.front().enqueued).count();
  }
  if (stored > 0 && storedSince) {
    oldest = std::max(oldest, std::chrono::duration<double>(Clock::now() - *storedSince).count());
  }
  s.oldestQueuedSeconds = std::max(0.0, oldest);
  return s;
}

const char* toString(DeliveryState state) {
  switch (state) {
    case DeliveryState::kHealthy:
      return "healthy";
    case DeliveryState::kUnreachable:
      return "unreachable";
    case DeliveryState::kBlocked:
      return "blocked";
  }
  return "unknown";
}

std::chrono::milliseconds AppInsightsClient::scaled(std::chrono::milliseconds d) const {
  return std::chrono::milliseconds(
      std::llround(static_cast<double>(d.count()) * std::max(0.0, config_.timeScale)));
}

bool AppInsightsClient::batchReadyLocked(SteadyClock::time_point now) const {
  if (queue_.empty()) return false;
  return flushRequested_ || queue_.size() >= config_.maxBatchItems ||
         queuedBytes_ >= config_.maxBatchBytes ||
         now - queue_.front().enqueued >= scaled(config_.maxBatchDelay);
}

std::vector<std::string> AppInsightsClient::takeBatchLocked() {
  std::vector<std::string> batch;
  std::size_t bytes = 0;
  if (!queue_.empty()) inFlightSince_ = queue_.front().enqueued;
  while (!queue_.empty() && batch.size() < config_.maxBatchItems) {
    const auto size = queue_.front().envelope.size();
    if (!batch.empty() && bytes + size > config_.maxBatchBytes) break;
    bytes += size;
    queuedBytes_ -= size;
    batch.push_back(std::move(queue_.front().envelope));
    queue_.pop_front();
  }
  inFlight_ = batch.size();
  delivering_ = true;
  return batch;
}

void AppInsightsClient::run() {
  // Whatever an earlier run (or a crashed process) left in the store goes first.
  if (storePending_) sendStored();
  std::unique_lock lock(mutex_);
  while (!closing_) {
    const auto now = SteadyClock::now();
    if (batchReadyLocked(now)) {
      auto batch = takeBatchLocked();
      lock.unlock();
      deliver(std::move(batch));
      lock.lock();
      inFlight_ = 0;
      delivering_ = false;
      if (queue_.empty()) flushRequested_ = false;
      progress_.notify_all();
      continue;
    }
    if (storePending_ && now >= nextStoreAttempt_) {
      lock.unlock();
      sendStored();
      lock.lock();
      continue;
    }
    std::optional<SteadyClock::time_point> until;
    if (!queue_.empty()) until = queue_.front().enqueued + scaled(config_.maxBatchDelay);
    if (storePending_) until = until ? std::min(*until, nextStoreAttempt_) : nextStoreAttempt_;
    if (until) {
      wake_.wait_until(lock, *until);
    } else {
      wake_.wait(lock);
    }
  }
  // close(): one attempt per batch while the deadline allows and the service answers; the rest
  // is persisted so that the next start sends it.
  while (!queue_.empty()) {
    auto batch = takeBatchLocked();
    const bool trySend = SteadyClock::now() < closeDeadline_ && !serviceDown_;
    lock.unlock();
    if (trySend) {
      deliver(std::move(batch));
    } else {
      persist(batch, 0, "client closed while the service was unreachable");
    }
    lock.lock();
    inFlight_ = 0;
    delivering_ = false;
    progress_.notify_all();
  }
  senderDone_ = true;
  progress_.notify_all();
}

void AppInsightsClient::deliver(std::vector<std::string> items) {
  const bool downBefore = serviceDown_;
  for (std::size_t attempt = 0; !items.empty(); ++attempt) {
    const auto response = transport_.post(items);
    const auto outcome = interpretIngestionResponse(response.status, response.body, items.size(),
                                                    response.retryAfter);
    report(items, response, outcome, /*inMemory=*/true);
    std::vector<std::string> retry;
    for (const auto index : outcome.retry) retry.push_back(std::move(items[index]));
    items = std::move(retry);

    serviceDown_ = outcome.throttledOrDown;
    // The service answers again: what waits in the store can go right after this batch.
    if (!serviceDown_ && storePending_) nextStoreAttempt_ = SteadyClock::now();
    if (items.empty()) return;

    const auto why = describe(response);
    const auto retryAfter = outcome.retryAfter.value_or(std::chrono::milliseconds(0));
    if (stopping_ || (downBefore && serviceDown_) || attempt >= config_.backoff.size()) {
      persist(items, response.status, why);
      leftMemory(items.size());
      serviceDown_ = true;
      nextStoreAttempt_ =
          SteadyClock::now() + scaled(std::max(config_.storeRetryInterval, retryAfter));
      return;
    }
    const auto delay = std::max(config_.backoff[attempt], retryAfter);
    if (delay > config_.maxInlineWait) {
      persist(items, response.status, why + ", Retry-After too long to wait in memory");
      leftMemory(items.size());
      serviceDown_ = true;
      nextStoreAttempt_ = SteadyClock::now() + scaled(delay);
      return;
    }
    notify({DeliveryEvent::Kind::kRetryScheduled, items.size(), response.status, delay, why});
    if (!pause(delay)) {
      persist(items, response.status, why + ", then the client closed");
      leftMemory(items.size());
      return;
    }
  }
}

void AppInsightsClient::sendStored() {
  if (!store_) return;
  while (!stopping_) {
    std::vector<StoreDrops> drops;
    std::optional<StoredBatch> batch;
    try {
      batch = store_->oldest(Clock::now(), drops);
    } catch (const std::exception& e) {
      drops.push_back({0, 0, std::string("store unreadable: ") + e.what()});
    }
    for (const auto& d : drops) {
      notify({DeliveryEvent::Kind::kDroppedFromStore, d.items, 0, {}, d.reason, "store_limit"});
    }
    if (!batch) {
      storePending_ = false;
      return;
    }
    const auto response = transport_.post(batch->items);
    const auto outcome = interpretIngestionResponse(response.status, response.body,
                                                    batch->items.size(), response.retryAfter);
    report(batch->items, response, outcome, /*inMemory=*/false);
    std::vector<std::string> remaining;
    for (const auto index : outcome.retry) remaining.push_back(batch->items[index]);
    try {
      if (remaining.size() != batch->items.size()) store_->replace(*batch, remaining);
    } catch (const std::exception& e) {
      // The file still holds the delivered items too: they may be sent twice, never lost.
      notify({DeliveryEvent::Kind::kRetryScheduled,
              remaining.size(),
              0,
              {},
              std::string("could not rewrite a stored batch: ") + e.what()});
    }
    if (!remaining.empty()) {
      serviceDown_ = true;
      const auto wait = std::max(config_.storeRetryInterval,
                                 outcome.retryAfter.value_or(std::chrono::milliseconds(0)));
      nextStoreAttempt_ = SteadyClock::now() + scaled(wait);
      notify({DeliveryEvent::Kind::kRetryScheduled, remaining.size(), response.status, wait,
              describe(response) + " (stored items)"});
      return;
    }
    serviceDown_ = false;
  }
}

void AppInsightsClient::persist(const std::vector<std::string>& items, int status,
                                const std::string& why) {
  if (items.empty()) return;
  if (!store_) {
    notify({DeliveryEvent::Kind::kDropped,
            items.size(),
            status,
            {},
            why + "; no offline store configured",
            "no_store"});
    return;
  }
  try {
    const auto drops = store_->save(items, Clock::now());
    storePending_ = true;
    notify({DeliveryEvent::Kind::kPersisted, items.size(), status, {}, why});
    for (const auto& d : drops) {
      notify({DeliveryEvent::Kind::kDroppedFromStore, d.items, 0, {}, d.reason, "store_limit"});
    }
  } catch (const std::exception& e) {
    notify({DeliveryEvent::Kind::kDropped,
            items.size(),
            status,
            {},
            why + "; could not persist: " + e.what(),
            "not_persisted"});
  }
}

void AppInsightsClient::leftMemory(std::size_t items) {
  std::lock_guard lock(mutex_);
  inFlight_ -= std::min(inFlight_, items);
}

void AppInsightsClient::report(const std::vector<std::string>& items,
                               const TransportResponse& response, const IngestionOutcome& outcome,
                               bool inMemory) {
  {
    std::lock_guard lock(mutex_);
    stats_.sent += items.size();
    // Settled items stop counting as waiting before they are reported, so that /metrics never
    // shows an item both accepted and queued.
    if (inMemory) inFlight_ -= std::min(inFlight_, outcome.delivered + outcome.dropped.size());
  }
  if (!response.movedTo.empty()) {
    notify({DeliveryEvent::Kind::kEndpointMoved,
            0,
            308,
            {},
            "the ingestion endpoint moved permanently (308) to " + response.movedTo +
                "; posting there for the rest of this process"});
  }
  updateState(response, outcome);
  std::vector<bool> settled(items.size(), true);
  for (const auto index : outcome.retry) settled[index] = false;
  for (const auto& d : outcome.dropped) settled[d.index] = false;
  if (outcome.delivered > 0) {
    DeliveryEvent e{DeliveryEvent::Kind::kDelivered, outcome.delivered, response.status, {}, {}};
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (settled[i]) e.envelopes.push_back(items[i]);
    }
    notify(e);
  }
  if (outcome.dropped.empty()) return;
  // One report per answer, not per item: a batch of 100 refused items is one log line.
  const bool redirect = response.status >= 300 && response.status < 400;
  const auto& first = outcome.dropped.front();
  DeliveryEvent e{DeliveryEvent::Kind::kDropped,
                  outcome.dropped.size(),
                  first.statusCode,
                  {},
                  redirect ? "redirect not followed: " + response.error
                           : "refused by the service: " + first.message};
  if (!redirect && outcome.dropped.size() > 1) {
    e.reason += " (and " + std::to_string(outcome.dropped.size() - 1) + " more)";
  }
  e.cause = redirect ? "redirect" : "refused";
  // Refused items are settled (they would be refused again); a redirect may be fixed.
  if (!redirect) {
    for (const auto& d : outcome.dropped) e.envelopes.push_back(items[d.index]);
  }
  notify(e);
}

void AppInsightsClient::updateState(const TransportResponse& response,
                                    const IngestionOutcome& outcome) {
  DeliveryState next = DeliveryState::kHealthy;
  std::string why;
  if (response.untrustedCertificate) {
    next = DeliveryState::kBlocked;
    why = response.error +
          "; items are kept until it is trusted (set a CA bundle or fix the "
          "endpoint)";
  } else if (outcome.throttledOrDown) {
    next = DeliveryState::kUnreachable;
    why = describe(response);
  }
  {
    std::lock_guard lock(mutex_);
    if (next == stats_.state) return;
    stats_.state = next;
    stats_.stateReason = why;
  }
  DeliveryEvent e{DeliveryEvent::Kind::kStateChanged, 0, response.status, {}, why};
  e.state = next;
  notify(e);
}

bool AppInsightsClient::pause(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, scaled(delay), [this] { return closing_; });
}

void AppInsightsClient::notify(const DeliveryEvent& event) {
  // The listener first: a counter moves only once the event's log line is written and its items
  // are settled (FeedbackDelivery's ledger), so whoever sees "dropped 3" on /metrics finds the
  // line that says why, and a count never runs ahead of what a crash would keep.
  if (listener_) {
    try {
      listener_(event);
    } catch (...) {
      // A faulty listener must not kill the sender thread.
    }
  }
  std::lock_guard lock(mutex_);
  switch (event.kind) {
    case DeliveryEvent::Kind::kDelivered:
      stats_.delivered += event.items;
      break;
    case DeliveryEvent::Kind::kDropped:
    case DeliveryEvent::Kind::kDroppedFromStore:
    case DeliveryEvent::Kind::kDroppedQueueFull:
      stats_.dropped += event.items;
      stats_.droppedBy[event.cause.empty() ? "other" : event.cause] += event.items;
      break;
    case DeliveryEvent::Kind::kRetryScheduled:
      stats_.retries += 1;
      stats_.retriedItems += event.items;
      break;
    case DeliveryEvent::Kind::kPersisted:
      stats_.persisted += event.items;
      break;
    case DeliveryEvent::Kind::kEndpointMoved:
    case DeliveryEvent::Kind::kStateChanged:
      break;
  }
}

}  // namespace tweetlab::telemetry
