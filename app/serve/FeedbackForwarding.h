#pragma once
// Where tweetlab-serve sends feedback after it is durably in its FeedbackLog.
//
// With APPLICATIONINSIGHTS_CONNECTION_STRING set, every stored feedback also goes to Application
// Insights (a rejection as the trace "prediction rejected", a validation as the event
// "prediction_validated") through the same client the desktop app uses. Undeliverable items wait
// in an offline queue beside the feedback log and go out when the service is back, also after a
// restart. A malformed connection string yields no forwarder and a warning in the start-up log
// (GET /version then reports "feedback_forwarding": "unavailable"): nothing pretends to deliver.
#include <filesystem>
#include <memory>
#include <string>

#include "core/telemetry/FeedbackForwarder.h"

namespace tweetlab::serve {

struct ForwardingSetup {
  std::shared_ptr<telemetry::FeedbackForwarder> forwarder;  // null: store only
  std::string notice;          // for the operator's log; never contains the connection string
  bool misconfigured = false;  // a connection string was given but cannot be used
};

// `feedbackLog` places the offline queue next to it (<log dir>/appinsights-queue).
ForwardingSetup makeFeedbackForwarder(const std::string& appInsightsConnectionString,
                                      const std::filesystem::path& feedbackLog);

}  // namespace tweetlab::serve
