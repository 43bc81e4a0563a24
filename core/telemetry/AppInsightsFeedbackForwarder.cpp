#include "core/telemetry/AppInsightsFeedbackForwarder.h"

#include <chrono>

#include "core/common/Numbers.h"

namespace tweetlab::telemetry {
namespace {

// The service refuses envelopes older than 48 h or more than 2 h ahead (PROTOCOL.md).
TimePoint envelopeTime(const std::string& receivedAt) {
  const auto now = std::chrono::system_clock::now();
  const auto at = parseEnvelopeTime(receivedAt);
  if (!at || *at < now - std::chrono::hours(47) || *at > now + std::chrono::hours(1)) return now;
  return *at;
}

}  // namespace

Properties feedbackProperties(const FeedbackRecord& record, const Properties& extra) {
  Properties p;
  p["tweet_text"] = record.text;
  p["predicted_label"] = record.predicted;
  if (record.predicted == "positive" || record.predicted == "negative") {
    const bool positive = record.predicted == "positive";
    p["user_label"] = (positive == record.accepted) ? "positive" : "negative";
  }
  p["accepted"] = record.accepted ? "true" : "false";
  p["score"] = formatDouble(record.score);
  if (!record.modelName.empty()) p["model_name"] = record.modelName;
  if (!record.modelVersion.empty()) p["model_version"] = record.modelVersion;
  if (!record.id.empty()) p["feedback_id"] = record.id;
  if (!record.receivedAt.empty()) p["received_at"] = record.receivedAt;
  for (const auto& [key, value] : extra) p[key] = value;
  return p;
}

void trackFeedback(AppInsightsClient& client, const FeedbackRecord& record, const Properties& extra,
                   bool sendValidations) {
  const auto time = envelopeTime(record.receivedAt);
  const auto properties = feedbackProperties(record, extra);
  if (!record.accepted) {
    client.trackEnvelope(makeTraceEnvelope(client.context(), kRejectionMessage,
                                           SeverityLevel::Warning, properties, time));
  } else if (sendValidations) {
    client.trackEnvelope(makeEventEnvelope(client.context(), kValidationEvent, properties,
                                           {{"score", record.score}}, time));
  }
}

AppInsightsFeedbackForwarder::AppInsightsFeedbackForwarder(
    std::shared_ptr<AppInsightsClient> client, Properties extra, bool sendValidations)
    : client_(std::move(client)), extra_(std::move(extra)), sendValidations_(sendValidations) {}

void AppInsightsFeedbackForwarder::forward(const FeedbackRecord& record) noexcept {
  try {
    trackFeedback(*client_, record, extra_, sendValidations_);
  } catch (...) {
    // The feedback log already holds the record (FeedbackForwarder's contract): nothing is lost.
  }
}

}  // namespace tweetlab::telemetry
