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
  std::size_t maxBodyBytes = 1 << 20;      // larger bodies, declared or chunked -> 413
  std::size_t maxTextChars = 5000;         // Unicode code points per text -> 400 text_too_long
  std::size_t maxBatchSize = 256;          // texts per batch request -> 400 batch_too_large
  std::size_t maxHeaderBytes = 16 * 1024;  // request line + headers -> 431
  std::size_t maxHeaderCount = 64;         // header fields -> 431
};

struct ServeConfig {
  // Model source: exactly one of bundleDir / modelUri.
  std::string bundleDir;
  std::string modelUri;         // models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest
  std::string mlflowUri;        // tracking server for modelUri (MLFLOW_TRACKING_URI)
  std::string modelCacheDir;    // where a downloaded model is unpacked
  std::string device = "auto";  // where cnn/bilstm/bert compute: auto | cpu | cuda | cuda:N

  std::string host = "127.0.0.1";
  int port = 8080;
  // Requests handled at once. Connections do not hold a worker while idle or while their
  // request arrives (BoundedHttpServer), so any number of keep-alive clients share them.
  int threads = 16;
  // Open at once (under the usual 1024 open files); the stalest idle one makes room, else 503.
  int maxConnections = 512;
  ServeLimits limits;
  int readTimeoutSeconds = 10;   // a whole request, from its first byte -> 408 (slowloris)
  int writeTimeoutSeconds = 10;  // a whole answer
  int keepAliveSeconds = 15;     // an idle keep-alive connection is closed after this
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
