#pragma once
// A real tweetlab-serve in the test process: a logistic-regression bundle trained on real sample
// tweets, served by PredictionServer on a loopback port, queried with a real HTTP client.
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <sstream>
#include <thread>

#include "app/serve/PredictionServer.h"
#include "core/bundle/Bundle.h"
#include "core/bundle/Predictor.h"
#include "core/models/LogisticRegressionClassifier.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"

namespace tweetlab::serve::testing {

// Trained once per test program; the bundle lives in a temp dir until the program exits.
inline const std::filesystem::path& sampleBundle() {
  static const tweetlab::testing::TempDir dir;
  static const std::filesystem::path bundleDir = [] {
    const auto fixture = tweetlab::testing::sampleTweets(800, 11);
    models::LogisticRegressionParams params;
    params.cvFolds = 0;
    models::LogisticRegressionClassifier model(params);
    model.fit({fixture.texts, fixture.labels}, {}, train::silentObserver());
    bundle::BundleInfo info;
    info.name = "sentiment-logreg";
    info.version = "7";
    const auto path = dir / "bundle";
    bundle::saveBundle(path, model, text::PreprocessConfig{}, info);
    return path;
  }();
  return bundleDir;
}

inline ServeConfig testConfig(const std::filesystem::path& feedbackLog) {
  ServeConfig config;
  config.bundleDir = sampleBundle().string();
  config.host = "127.0.0.1";
  config.port = 0;
  config.threads = 8;
  config.feedbackLog = feedbackLog.string();
  config.limits.maxBodyBytes = 64 * 1024;
  config.limits.maxTextChars = 280;
  config.limits.maxBatchSize = 16;
  return config;
}

class ServeHarness {
 public:
  explicit ServeHarness(ServeConfig config, bool loadModel = true,
                        std::shared_ptr<telemetry::FeedbackForwarder> forwarder = nullptr)
      : server_(std::make_unique<PredictionServer>(std::move(config), std::move(forwarder), log_)) {
    if (loadModel) setModel();
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~ServeHarness() { stop(); }

  void setModel() {
    auto predictor = bundle::Predictor::load(sampleBundle());
    ModelIdentity identity{predictor->manifest().name, predictor->manifest().version,
                           predictor->manifest().family, sampleBundle().string()};
    server_->setModel(std::move(predictor), std::move(identity));
  }

  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
  }
  int port() const { return port_; }
  PredictionServer& server() { return *server_; }
  std::string log() const { return log_.str(); }

 private:
  std::ostringstream log_;  // written under ServeState's log mutex; read after stop()
  std::unique_ptr<PredictionServer> server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace tweetlab::serve::testing
