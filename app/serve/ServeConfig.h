#pragma once
// tweetlab-serve's settings, from command-line flags with environment-variable fallbacks.
// Parsing is a pure function of (args, env) so tests can drive it without touching the process.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tweetlab::serve {

struct ServeLimits {
  std::size_t maxBodyBytes = 1 << 20;  // larger bodies -> 413
  std::size_t maxTextChars = 5000;     // Unicode code points per text -> 400 text_too_long
  std::size_t maxBatchSize = 256;      // texts per batch request -> 400 batch_too_large
};

struct ServeConfig {
  // Model source: exactly one of bundleDir / modelUri.
  std::string bundleDir;
  std::string modelUri;       // models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest
  std::string mlflowUri;      // tracking server for modelUri (MLFLOW_TRACKING_URI)
  std::string modelCacheDir;  // where a downloaded model is unpacked

  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 16;  // one connection per worker thread at a time (cpp-httplib's model)
  ServeLimits limits;
  int readTimeoutSeconds = 10;
  int writeTimeoutSeconds = 10;
  int keepAliveSeconds = 2;  // an idle keep-alive connection delays shutdown by at most this
  int keepAliveMaxRequests = 1000;

  std::string apiKeyEnv;  // name of the variable holding the key (the key never sits in argv)
  std::string apiKey;     // resolved value; empty -> no key required

  std::string feedbackLog = "feedback.jsonl";
  std::string appInsightsConnectionString;  // APPLICATIONINSIGHTS_CONNECTION_STRING
  bool accessLog = true;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup processEnvironment();

struct ParsedCommandLine {
  ServeConfig config;
  bool showHelp = false;
  bool showVersion = false;
};

// InputError naming the flag or variable at fault. args excludes argv[0].
ParsedCommandLine parseServeCommandLine(const std::vector<std::string>& args, const EnvLookup& env);
std::string serveUsage();

}  // namespace tweetlab::serve
