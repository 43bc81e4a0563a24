#pragma once
// Acknowledged feedback that reaches Application Insights even when the process dies: the one
// route from the feedback log to the service, for the API server's /feedback and the desktop
// Try page's "direct" route alike.
//
//   1. the caller marks the record (prepare(): forwardTo = "application-insights") and appends it
//      to its FeedbackLog (fsync'ed) before acknowledging it;
//   2. send() queues it on the AppInsightsClient (batching, retries, offline store);
//   3. what the service accepts, or refuses for good, is added to the DeliveryLedger (fsync'ed).
// On construction, marked records of the log that are neither in the ledger nor waiting in the
// offline store are sent again: those that were in memory (batch window, back-off) when the
// process was killed. Nothing acknowledged is lost and nothing is sent twice, except an item
// accepted in the instant between the service's 200 and the ledger write (at-least-once).
#include <filesystem>
#include <memory>
#include <string>

#include "core/telemetry/AppInsightsClient.h"
#include "core/telemetry/DeliveryLedger.h"
#include "core/telemetry/FeedbackForwarder.h"
#include "core/telemetry/FeedbackRecord.h"

namespace tweetlab::telemetry {

inline constexpr const char* kApplicationInsightsRoute = "application-insights";

struct FeedbackDeliveryOptions {
  AppInsightsConfig client;  // client.storageDir: the offline queue (required)
  std::filesystem::path feedbackLog;
  std::filesystem::path ledger;  // empty: <storageDir>/delivered.ledger
  Properties extra;  // added to every item, replayed ones too (source, app_version, api_url, ...)
  bool sendValidations = true;
};

class FeedbackDelivery : public FeedbackForwarder {
 public:
  // Replays what the log holds and was not confirmed. InputError for a bad endpoint, IoError
  // when the queue directory or the ledger cannot be created or the log cannot be read.
  // `listener` sees every DeliveryEvent (on the sender thread; keep it short).
  FeedbackDelivery(FeedbackDeliveryOptions options, DeliveryListener listener = {});
  ~FeedbackDelivery() override;

  // Marks `record` for this route when it will be sent (rejections always, validations when
  // enabled); call before appending it to the log. True when marked.
  bool prepare(FeedbackRecord& record) const;
  // Queues a record prepare() marked (others are ignored), with `more` added to (or replacing)
  // the options' extra properties. Never blocks, never throws.
  void send(const FeedbackRecord& record, const Properties& more = {}) noexcept;

  // FeedbackForwarder (tweetlab-serve): forward() is send().
  bool willForward(FeedbackRecord& record) const override { return prepare(record); }
  void forward(const FeedbackRecord& record) noexcept override { send(record); }
  std::string name() const override { return kApplicationInsightsRoute; }
  std::optional<DeliveryStats> delivery() const override { return client_->stats(); }

  std::size_t replayedAtStart() const { return replayed_; }
  AppInsightsClient& client() { return *client_; }
  // Sends what it can within `timeout`, persists the rest (see AppInsightsClient::close).
  void close(std::chrono::milliseconds timeout) { client_->close(timeout); }

 private:
  void settle(const DeliveryEvent& event);

  FeedbackDeliveryOptions options_;
  std::unique_ptr<DeliveryLedger> ledger_;
  std::unique_ptr<AppInsightsClient> client_;
  std::size_t replayed_ = 0;
};

}  // namespace tweetlab::telemetry
