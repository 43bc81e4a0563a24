#pragma once
// Where stored feedback goes next. The API server calls willForward() before a record is stored
// (so the log line can say where it goes), forward() after it is durably in the FeedbackLog;
// FeedbackDelivery (Application Insights) implements this interface and is plugged in by
// app/serve when APPLICATIONINSIGHTS_CONNECTION_STRING is set.
//
// Contract for implementations: forward() must not block on the network (queue and send in the
// background, retry per the ingestion rules) and must never throw; the log stays the source of
// truth, so a record that fails to send is still safe on disk.
#include <optional>
#include <string>

#include "core/telemetry/AppInsightsClient.h"
#include "core/telemetry/FeedbackRecord.h"

namespace tweetlab::telemetry {

class FeedbackForwarder {
 public:
  virtual ~FeedbackForwarder() = default;
  // Whether forward() will send this record anywhere; may mark it (FeedbackRecord::forwardTo).
  virtual bool willForward(FeedbackRecord& record) const { return true; }
  virtual void forward(const FeedbackRecord& record) noexcept = 0;
  // Short name for /version and the start-up log, e.g. "application-insights".
  virtual std::string name() const = 0;
  // Delivery counters and state, when the forwarder sends somewhere (for /metrics, /feedback).
  virtual std::optional<DeliveryStats> delivery() const { return std::nullopt; }
};

}  // namespace tweetlab::telemetry
