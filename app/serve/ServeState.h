#pragma once
// What the request handlers share: settings, the model (swappable once, at start-up), metrics,
// the feedback log and where feedback goes next.
#include <chrono>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>

#include "app/serve/ApiKey.h"
#include "app/serve/ServeConfig.h"
#include "app/serve/ServeMetrics.h"
#include "core/bundle/Predictor.h"
#include "core/telemetry/FeedbackForwarder.h"
#include "core/telemetry/FeedbackLog.h"

namespace tweetlab::serve {

struct ModelIdentity {
  std::string name;
  std::string version;
  std::string family;
  std::string source;  // bundle path or models:/ URI, for /version
};

class ServeState {
 public:
  ServeState(ServeConfig config, std::shared_ptr<telemetry::FeedbackForwarder> forwarder,
             std::ostream& log);

  const ServeConfig& config() const { return config_; }
  ServeMetrics& metrics() { return metrics_; }
  const ApiKeyCheck& apiKey() const { return apiKey_; }
  telemetry::FeedbackLog& feedbackLog() { return feedbackLog_; }
  telemetry::FeedbackForwarder* forwarder() const { return forwarder_.get(); }
  std::chrono::steady_clock::time_point startedAt() const { return startedAt_; }

  struct Model {
    std::shared_ptr<const bundle::Predictor> predictor;  // null until loaded
    ModelIdentity identity;
  };
  void setModel(std::shared_ptr<const bundle::Predictor> predictor, ModelIdentity identity);
  Model model() const;

  // One line to the operator's log (stderr in production), never interleaved.
  void logLine(const std::string& line);

 private:
  ServeConfig config_;
  ServeMetrics metrics_;
  ApiKeyCheck apiKey_;
  telemetry::FeedbackLog feedbackLog_;
  std::shared_ptr<telemetry::FeedbackForwarder> forwarder_;
  std::chrono::steady_clock::time_point startedAt_;
  mutable std::mutex modelMutex_;
  Model model_;
  std::mutex logMutex_;
  std::ostream& log_;
};

}  // namespace tweetlab::serve
