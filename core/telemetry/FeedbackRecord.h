#pragma once
// One tester verdict on one prediction, as the API receives it and the feedback log stores it.
#include <nlohmann/json.hpp>
#include <string>

namespace tweetlab::telemetry {

struct FeedbackRecord {
  std::string id;          // server-assigned, unique per record (returned to the caller)
  std::string receivedAt;  // ISO-8601 UTC with milliseconds
  std::string text;
  std::string predicted;  // "positive" | "negative"
  double score = 0;       // the score the API returned with the prediction
  bool accepted = false;  // did the tester agree with the prediction?
  std::string modelName;  // model that made the prediction (the caller's, else the server's)
  std::string modelVersion;
  // Where the record goes after the log ("application-insights"), decided before it is stored:
  // on start-up, records marked so and not confirmed delivered are sent again (FeedbackDelivery).
  // Empty: the log is its only home. Stored as "forward_to" only when set.
  std::string forwardTo;

  nlohmann::json toJson() const;
  // FormatError naming the missing or mistyped field.
  static FeedbackRecord fromJson(const nlohmann::json& j);
};

}  // namespace tweetlab::telemetry
