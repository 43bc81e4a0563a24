#pragma once
// tweetlab-serve as an object: bind, run (blocking) on a worker pool behind a front end that
// bounds what each client can hold (BoundedHttpServer), stop gracefully. Tests run it
// in-process on a loopback port; main.cpp adds flags, model loading and signals around it.
#include <cstddef>
#include <memory>
#include <ostream>

#include "app/serve/ServeState.h"

namespace tweetlab::serve {

class PredictionServer {
 public:
  // Opens the feedback log (IoError when it cannot). `log` receives the access log and errors.
  PredictionServer(ServeConfig config, std::shared_ptr<telemetry::FeedbackForwarder> forwarder,
                   std::ostream& log);
  ~PredictionServer();  // stops and waits for run() to return when it is running
  PredictionServer(const PredictionServer&) = delete;
  PredictionServer& operator=(const PredictionServer&) = delete;

  // Until a model is set, /ready and /predict answer 503 (/health stays 200).
  void setModel(std::shared_ptr<const bundle::Predictor> predictor, ModelIdentity identity);

  // Binds config().host:config().port (port 0 = any free port); returns the bound port.
  int bind();
  // Serves until stop(). Every request received whole by then (on any connection, including
  // ones waiting for a worker) is answered before it returns.
  void run();
  // Thread-safe and idempotent; may be called before or during run(). Closes the listening
  // socket at once so new connections are refused, and lets in-flight requests finish.
  void stop();

  ServeState& state();
  std::size_t openConnections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tweetlab::serve
