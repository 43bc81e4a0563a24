// tweetlab-serve: the prediction REST API. Flags/env -> PredictionServer; the model is loaded
// (from a bundle or downloaded from MLflow) while the port already answers /health, and SIGTERM
// or SIGINT stop it gracefully: the listening socket closes, in-flight requests complete, exit 0.
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/common/OpenMpWaitPolicy.h"
#include "app/common/VersionReport.h"
#include "app/serve/FeedbackForwarding.h"
#include "app/serve/MlflowModelSource.h"
#include "app/serve/PredictionServer.h"
#include "app/serve/StopSignal.h"
#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/common/Platform.h"
#include "core/common/Version.h"
#include "core/train/Devices.h"

namespace {

using nlohmann::json;
using namespace tweetlab;
using namespace tweetlab::serve;

void logEvent(ServeState& state, const std::string& level, const std::string& msg,
              json extra = json::object()) {
  extra["level"] = level;
  extra["msg"] = msg;
  state.logLine(extra.dump(-1, ' ', false, json::error_handler_t::replace));
}

// Requests are the unit of parallelism: one BLAS thread per request instead of every request
// fanning out over all cores (with 8+ concurrent deep-model requests, OpenBLAS's own threads
// halved throughput on 2 cores). OpenBLAS starts its pool before main, so it is resized through
// its API when present; an explicit OPENBLAS_NUM_THREADS wins.
void useOneBlasThreadPerRequest() {
  if (std::getenv("OPENBLAS_NUM_THREADS") != nullptr) return;
  platform::keepOpenBlasSingleThreaded();
}

std::filesystem::path makeCacheDir(const ServeConfig& config) {
  if (!config.modelCacheDir.empty()) {
    std::filesystem::create_directories(config.modelCacheDir);
    return config.modelCacheDir;
  }
  return platform::makeTemporaryDirectory("tweetlab-serve-model-");
}

void loadModel(PredictionServer& server, const ServeConfig& config, const EnvLookup& env) {
  std::filesystem::path bundleDir = config.bundleDir;
  ModelIdentity identity;
  if (!config.modelUri.empty()) {
    MlflowConnection connection;
    connection.trackingUri = config.mlflowUri;
    connection.token = env("MLFLOW_TRACKING_TOKEN").value_or("");
    connection.username = env("MLFLOW_TRACKING_USERNAME").value_or("");
    connection.password = env("MLFLOW_TRACKING_PASSWORD").value_or("");
    logEvent(server.state(), "info", "downloading model",
             {{"model", config.modelUri}, {"mlflow", config.mlflowUri}});
    const auto downloaded =
        downloadRegisteredModel(connection, parseModelUri(config.modelUri), makeCacheDir(config));
    bundleDir = downloaded.bundleDir;
    identity.name = downloaded.name;
    identity.version = downloaded.version;
  }
  auto predictor = bundle::Predictor::load(bundleDir, config.device);
  const auto& manifest = predictor->manifest();
  if (identity.name.empty()) {
    identity.name = manifest.name;
    identity.version = manifest.version;
  }
  identity.family = manifest.family;
  identity.source =
      config.modelUri.empty() ? std::filesystem::absolute(bundleDir).string() : config.modelUri;
  logEvent(server.state(), "info", "model loaded",
           {{"name", identity.name},
            {"version", identity.version},
            {"family", identity.family},
            {"source", identity.source}});
  server.setModel(std::move(predictor), std::move(identity));
}

}  // namespace

int main(int argc, char** argv) {
  // First: it may restart the program. HTTP workers and LibTorch share the cores; spinning
  // OpenMP threads would take them from the workers between requests.
  tweetlab::app::preferPassiveOpenMpWait(argv);
  if (!stop_signal::install()) {
    std::cerr << "tweetlab-serve: cannot create the signal pipe\n";
    return 1;
  }

  const auto env = processEnvironment();
  ParsedCommandLine parsed;
  try {
    parsed = parseServeCommandLine(std::vector<std::string>(argv + 1, argv + argc), env);
  } catch (const Error& e) {
    std::cerr << "tweetlab-serve: " << e.what() << "\n";
    return 2;
  }
  if (parsed.showHelp) {
    std::cout << serveUsage();
    return 0;
  }
  if (parsed.showVersion) {
    std::cout << tweetlab::app::versionReport("tweetlab-serve");
    return 0;
  }
  const ServeConfig config = parsed.config;
  std::string device;
  try {
    device = train::resolveDevice(config.device);  // no CUDA here: say so now, not after loading
  } catch (const Error& e) {
    std::cerr << "tweetlab-serve: " << e.what() << "\n";
    return 2;
  }
  useOneBlasThreadPerRequest();

  try {
    // Delivery events come from the telemetry thread, possibly before the server exists (the
    // records replayed at start): they go to the server's log once it is there.
    std::atomic<ServeState*> logState{nullptr};
    std::mutex earlyLogMutex;
    const auto forwarding = makeFeedbackForwarder(config.appInsightsConnectionString,
                                                  config.feedbackLog, [&](const std::string& line) {
                                                    if (auto* state = logState.load()) {
                                                      state->logLine(line);
                                                    } else {
                                                      const std::lock_guard lock(earlyLogMutex);
                                                      std::cerr << line << "\n";
                                                    }
                                                  });
    PredictionServer server(config, forwarding.forwarder, std::cerr);
    logState = &server.state();
    // Declared after the server, so destroyed before it: later events (the delivery closing
    // down) go to stderr directly instead of into a destroyed state.
    struct ForgetState {
      std::atomic<ServeState*>& state;
      ~ForgetState() { state = nullptr; }
    } forgetState{logState};
    const int port = server.bind();
    logEvent(server.state(), "info", "listening",
             {{"host", config.host},
              {"port", port},
              {"threads", config.threads},
              {"device", device},
              {"api_key", config.apiKey.empty() ? "disabled" : "required"},
              {"feedback_log", config.feedbackLog},
              {"version", kVersion}});
    logEvent(server.state(), forwarding.misconfigured ? "warning" : "info", forwarding.notice);

    std::thread waiter([&server] {
      const int received = stop_signal::wait();
      if (received != stop_signal::kWakeUp) {
        logEvent(server.state(), "info", "shutting down",
                 {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
      }
      server.stop();
    });
    std::thread runner([&server] { server.run(); });

    // The model loads beside the server, so that SIGTERM is obeyed even while a download or a
    // slow disk keeps the loading busy.
    std::atomic<int> status{0};
    std::atomic<bool> loaded{false};
    std::thread loader([&] {
      try {
        loadModel(server, config, env);
      } catch (const std::exception& e) {
        logEvent(server.state(), "error", "cannot load the model",
                 {{"error", firstLine(e.what(), 1000)}});
        status = 1;
      }
      loaded = true;
      if (status != 0) stop_signal::wakeUp();
    });
    runner.join();
    stop_signal::wakeUp();  // harmless when a signal already woke the waiter
    waiter.join();
    if (!loaded) {
      // Stopped before the model was ready: nothing is served, nothing to finish.
      logEvent(server.state(), "info", "stopped while the model was loading");
      std::cerr.flush();
      std::_Exit(0);
    }
    loader.join();
    if (status == 0) logEvent(server.state(), "info", "stopped");
    return status;
  } catch (const std::exception& e) {
    std::cerr << "tweetlab-serve: " << e.what() << "\n";
    return 1;
  }
}
