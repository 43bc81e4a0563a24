#pragma once
// Where tweetlab-serve sends feedback after it is durably in its FeedbackLog.
//
// With APPLICATIONINSIGHTS_CONNECTION_STRING set, every stored feedback also goes to Application
// Insights (a rejection as the trace "prediction rejected", a validation as the event
// "prediction_validated") through FeedbackDelivery, the same route the desktop app uses:
// undeliverable items wait in an offline queue beside the feedback log, and acknowledged records
// that were still in memory when the process died are sent on the next start. A malformed
// connection string yields no forwarder and a warning in the start-up log (GET /version then
// reports "feedback_forwarding": "unavailable"): nothing pretends to deliver.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/telemetry/FeedbackForwarder.h"

namespace tweetlab::serve {

struct ForwardingSetup {
  std::shared_ptr<telemetry::FeedbackForwarder> forwarder;  // null: store only
  std::string notice;          // for the operator's log; never contains the connection string
  bool misconfigured = false;  // a connection string was given but cannot be used
};

// One JSON log line (level, msg, fields) for the operator.
using DeliveryLogger = std::function<void(const std::string& line)>;

// `feedbackLog` places the offline queue next to it (<log dir>/appinsights-queue). `logger`
// receives one line per delivery state change, per drop (one per answer, not per item), per
// endpoint move, and one for the records replayed at start.
ForwardingSetup makeFeedbackForwarder(const std::string& appInsightsConnectionString,
                                      const std::filesystem::path& feedbackLog,
                                      DeliveryLogger logger = {});

}  // namespace tweetlab::serve
