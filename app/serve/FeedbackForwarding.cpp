#include "app/serve/FeedbackForwarding.h"

namespace tweetlab::serve {

ForwardingSetup makeFeedbackForwarder(const std::string& appInsightsConnectionString) {
  if (appInsightsConnectionString.empty()) {
    return {
        nullptr,
        "feedback is stored in the feedback log only (no APPLICATIONINSIGHTS_CONNECTION_STRING)"};
  }
  // Production-feedback issue: return {std::make_shared<telemetry::...>(connectionString), ...}.
  return {nullptr,
          "APPLICATIONINSIGHTS_CONNECTION_STRING is set, but this build has no Application "
          "Insights client "
          "yet; feedback is stored in the feedback log only"};
}

}  // namespace tweetlab::serve
