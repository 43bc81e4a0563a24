#include "app/serve/FeedbackForwarding.h"

#include "core/common/Version.h"
#include "core/telemetry/AppInsightsFeedbackForwarder.h"

namespace tweetlab::serve {

ForwardingSetup makeFeedbackForwarder(const std::string& appInsightsConnectionString,
                                      const std::filesystem::path& feedbackLog) {
  if (appInsightsConnectionString.empty()) {
    return {
        nullptr,
        "feedback is stored in the feedback log only (no APPLICATIONINSIGHTS_CONNECTION_STRING)",
        false};
  }
  telemetry::AppInsightsConfig config;
  try {
    config.connection = telemetry::ConnectionString::parse(appInsightsConnectionString);
  } catch (const std::exception& e) {
    // The message names the bad part of the string, never the key itself.
    return {nullptr,
            std::string("APPLICATIONINSIGHTS_CONNECTION_STRING cannot be used (") + e.what() +
                "); feedback is stored in the feedback log only",
            true};
  }
  config.cloudRole = "tweetlab-serve";
  config.storageDir = feedbackLog.parent_path() / "appinsights-queue";
  const std::string endpoint = config.connection.ingestionEndpoint;
  const std::string maskedKey = config.connection.maskedKey();
  try {
    auto client = std::make_shared<telemetry::AppInsightsClient>(std::move(config));
    auto forwarder = std::make_shared<telemetry::AppInsightsFeedbackForwarder>(
        std::move(client),
        telemetry::Properties{{"source", "tweetlab-serve"}, {"app_version", kVersion}});
    return {forwarder,
            "feedback is stored in the feedback log and sent to Application Insights (" + endpoint +
                ", key " + maskedKey + ")",
            false};
  } catch (const std::exception& e) {
    // The connection string is fine; what failed is local (the offline queue's directory).
    return {nullptr,
            std::string("Application Insights forwarding is off: ") + e.what() +
                "; feedback is stored in the feedback log only",
            true};
  }
}

}  // namespace tweetlab::serve
