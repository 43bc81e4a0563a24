#pragma once
// THE HOOK for Application Insights (production-feedback issue).
//
// tweetlab-serve stores every feedback durably in its FeedbackLog, then hands it to the
// forwarder returned here. Today no Application Insights client exists in core/telemetry, so a
// configured APPLICATIONINSIGHTS_CONNECTION_STRING yields no forwarder and a start-up warning
// (GET /version reports "feedback_forwarding": "unavailable"): nothing pretends to deliver.
// When the client lands, construct it here (it implements telemetry::FeedbackForwarder) and
// nothing else in app/serve changes.
#include <memory>
#include <string>

#include "core/telemetry/FeedbackForwarder.h"

namespace tweetlab::serve {

struct ForwardingSetup {
  std::shared_ptr<telemetry::FeedbackForwarder> forwarder;  // null: store only
  std::string notice;  // for the operator's log; never contains the connection string
};

ForwardingSetup makeFeedbackForwarder(const std::string& appInsightsConnectionString);

}  // namespace tweetlab::serve
