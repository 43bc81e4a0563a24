#include "app/serve/FeedbackForwarding.h"

#include <nlohmann/json.hpp>

#include "core/common/Version.h"
#include "core/telemetry/FeedbackDelivery.h"

namespace tweetlab::serve {
namespace {

using nlohmann::json;
using Kind = telemetry::DeliveryEvent::Kind;

std::string line(const std::string& level, const std::string& msg, json fields) {
  fields["level"] = level;
  fields["msg"] = msg;
  return fields.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The events an operator must see; deliveries and retries are routine (they show in /metrics).
void logEvent(const DeliveryLogger& logger, const telemetry::DeliveryEvent& e) {
  switch (e.kind) {
    case Kind::kStateChanged:
      logger(line(e.state == telemetry::DeliveryState::kHealthy ? "info" : "warning",
                  "feedback delivery state changed",
                  {{"state", telemetry::toString(e.state)}, {"reason", e.reason}}));
      return;
    case Kind::kDropped:
    case Kind::kDroppedFromStore:
    case Kind::kDroppedQueueFull:
      logger(line("warning", "feedback items dropped",
                  {{"items", e.items},
                   {"cause", e.cause},
                   {"status", e.statusCode},
                   {"reason", e.reason}}));
      return;
    case Kind::kEndpointMoved:
      logger(line("warning", "Application Insights endpoint moved", {{"reason", e.reason}}));
      return;
    case Kind::kPersisted:
    case Kind::kDelivered:
    case Kind::kRetryScheduled:
      return;
  }
}

}  // namespace

ForwardingSetup makeFeedbackForwarder(const std::string& appInsightsConnectionString,
                                      const std::filesystem::path& feedbackLog,
                                      DeliveryLogger logger) {
  if (appInsightsConnectionString.empty()) {
    return {
        nullptr,
        "feedback is stored in the feedback log only (no APPLICATIONINSIGHTS_CONNECTION_STRING)",
        false};
  }
  telemetry::FeedbackDeliveryOptions options;
  try {
    options.client.connection = telemetry::ConnectionString::parse(appInsightsConnectionString);
  } catch (const std::exception& e) {
    // The message names the bad part of the string, never the key itself.
    return {nullptr,
            std::string("APPLICATIONINSIGHTS_CONNECTION_STRING cannot be used (") + e.what() +
                "); feedback is stored in the feedback log only",
            true};
  }
  options.client.cloudRole = "tweetlab-serve";
  options.client.storageDir = feedbackLog.parent_path() / "appinsights-queue";
  options.feedbackLog = feedbackLog;
  options.extra = {{"source", "tweetlab-serve"}, {"app_version", kVersion}};
  const std::string endpoint = options.client.connection.ingestionEndpoint;
  const std::string maskedKey = options.client.connection.maskedKey();
  try {
    auto delivery = std::make_shared<telemetry::FeedbackDelivery>(
        std::move(options), [logger](const telemetry::DeliveryEvent& e) {
          if (logger) logEvent(logger, e);
        });
    std::string notice =
        "feedback is stored in the feedback log and sent to Application Insights (" + endpoint +
        ", key " + maskedKey + ")";
    if (delivery->replayedAtStart() > 0) {
      notice += "; " + std::to_string(delivery->replayedAtStart()) +
                " acknowledged record(s) not confirmed delivered before the last stop are sent "
                "again";
    }
    return {delivery, notice, false};
  } catch (const std::exception& e) {
    // The connection string is fine; what failed is local (the offline queue, the ledger, the log).
    return {nullptr,
            std::string("Application Insights forwarding is off: ") + e.what() +
                "; feedback is stored in the feedback log only",
            true};
  }
}

}  // namespace tweetlab::serve
