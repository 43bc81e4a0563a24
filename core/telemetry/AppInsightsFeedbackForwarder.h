#pragma once
// Tester feedback -> Application Insights, the same way from the GUI (Try page) and from the API
// server's /feedback route: a rejection becomes the trace "prediction rejected" (severity Warning),
// a validation the event "prediction_validated" (optional), with the property names of the
// captured reference traffic (tweet_text, predicted_label, score, model_version, ...).
#include <memory>
#include <string>

#include "core/telemetry/AppInsightsClient.h"
#include "core/telemetry/FeedbackForwarder.h"
#include "core/telemetry/FeedbackRecord.h"

namespace tweetlab::telemetry {

inline constexpr const char* kRejectionMessage = "prediction rejected";
inline constexpr const char* kValidationEvent = "prediction_validated";

// tweet_text, predicted_label, user_label (binary labels only), accepted, score, model_name,
// model_version, feedback_id, received_at; then `extra` (e.g. api_url, app_version) on top.
Properties feedbackProperties(const FeedbackRecord& record, const Properties& extra = {});

// Queues the trace (rejection) or, when `sendValidations`, the event (validation). Never blocks
// on the network. The envelope time is the record's receivedAt when it is recent enough for the
// service to accept it, else now.
void trackFeedback(AppInsightsClient& client, const FeedbackRecord& record,
                   const Properties& extra = {}, bool sendValidations = true);

// The FeedbackForwarder app/serve plugs in when APPLICATIONINSIGHTS_CONNECTION_STRING is set.
class AppInsightsFeedbackForwarder : public FeedbackForwarder {
 public:
  AppInsightsFeedbackForwarder(std::shared_ptr<AppInsightsClient> client, Properties extra = {},
                               bool sendValidations = true);
  void forward(const FeedbackRecord& record) noexcept override;
  std::string name() const override { return "application-insights"; }
  AppInsightsClient& client() { return *client_; }

 private:
  std::shared_ptr<AppInsightsClient> client_;
  Properties extra_;
  bool sendValidations_;
};

}  // namespace tweetlab::telemetry
