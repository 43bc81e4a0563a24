#include "core/telemetry/FeedbackRecord.h"

#include "core/common/Errors.h"

namespace tweetlab::telemetry {

nlohmann::json FeedbackRecord::toJson() const {
  nlohmann::json j{{"id", id},
                   {"received_at", receivedAt},
                   {"text", text},
                   {"predicted", predicted},
                   {"score", score},
                   {"accepted", accepted},
                   {"model", {{"name", modelName}, {"version", modelVersion}}}};
  if (!forwardTo.empty()) j["forward_to"] = forwardTo;
  return j;
}

FeedbackRecord FeedbackRecord::fromJson(const nlohmann::json& j) {
  try {
    FeedbackRecord r;
    r.id = j.at("id").get<std::string>();
    r.receivedAt = j.at("received_at").get<std::string>();
    r.text = j.at("text").get<std::string>();
    r.predicted = j.at("predicted").get<std::string>();
    r.score = j.at("score").get<double>();
    r.accepted = j.at("accepted").get<bool>();
    const auto& model = j.at("model");
    r.modelName = model.value("name", "");
    r.modelVersion = model.value("version", "");
    r.forwardTo = j.value("forward_to", "");
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(std::string("feedback record: ") + e.what());
  }
}

}  // namespace tweetlab::telemetry
