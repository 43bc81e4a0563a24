#pragma once
// Where stored feedback goes next. The API server calls forward() after a record is durably in
// the FeedbackLog; the Application Insights client (production-feedback issue) implements this
// interface and is plugged in by app/serve when APPLICATIONINSIGHTS_CONNECTION_STRING is set.
//
// Contract for implementations: forward() must not block on the network (queue and send in the
// background, retry per the ingestion rules) and must never throw; the log stays the source of
// truth, so a record that fails to send is still safe on disk.
#include <string>

#include "core/telemetry/FeedbackRecord.h"

namespace tweetlab::telemetry {

class FeedbackForwarder {
 public:
  virtual ~FeedbackForwarder() = default;
  virtual void forward(const FeedbackRecord& record) noexcept = 0;
  // Short name for /version and the start-up log, e.g. "application-insights".
  virtual std::string name() const = 0;
};

}  // namespace tweetlab::telemetry
