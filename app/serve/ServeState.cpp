#include "app/serve/ServeState.h"

namespace tweetlab::serve {

ServeState::ServeState(ServeConfig config, std::shared_ptr<telemetry::FeedbackForwarder> forwarder,
                       std::ostream& log)
    : config_(std::move(config)),
      apiKey_(config_.apiKey),
      feedbackLog_(config_.feedbackLog),
      forwarder_(std::move(forwarder)),
      startedAt_(std::chrono::steady_clock::now()),
      log_(log) {}

void ServeState::setModel(std::shared_ptr<const bundle::Predictor> predictor,
                          ModelIdentity identity) {
  const std::lock_guard lock(modelMutex_);
  model_ = {std::move(predictor), std::move(identity)};
}

ServeState::Model ServeState::model() const {
  const std::lock_guard lock(modelMutex_);
  return model_;
}

void ServeState::logLine(const std::string& line) {
  const std::lock_guard lock(logMutex_);
  log_ << line << '\n';
  log_.flush();
}

}  // namespace tweetlab::serve
