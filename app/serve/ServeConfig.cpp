#include "app/serve/ServeConfig.h"

#include <cstdlib>
#include <limits>

#include "core/common/Errors.h"
#include "core/train/DeviceName.h"

namespace tweetlab::serve {
namespace {

long long parseInteger(const std::string& what, const std::string& text, long long min,
                       long long max) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < min || value > max) {
    throw InputError(what + " must be an integer in [" + std::to_string(min) + ", " +
                     std::to_string(max) + "], got '" + text + "'");
  }
  return value;
}

std::size_t parseSize(const std::string& what, const std::string& text) {
  return static_cast<std::size_t>(parseInteger(what, text, 1, std::numeric_limits<int>::max()));
}

}  // namespace

EnvLookup processEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string serveUsage() {
  return R"(Usage: tweetlab-serve (--bundle DIR | --model models:/NAME/VERSION|models:/NAME@ALIAS) [options]

Serves a TweetLab model bundle over HTTP: POST /predict, POST /feedback, GET /health, /ready,
/version, /metrics.

Model source
  --bundle DIR            a bundle directory (env TWEETLAB_BUNDLE)
  --model URI             a registered MLflow model, downloaded at start-up (env TWEETLAB_MODEL_URI)
  --mlflow-uri URL        MLflow tracking server (env MLFLOW_TRACKING_URI); auth from
                          MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD
  --model-cache DIR       where the downloaded model is kept (default: a temporary directory)
  --device D              where cnn/bilstm/bert models compute: auto (CUDA when this build and
                          machine have it), cpu, cuda, cuda:N (default auto; env TWEETLAB_DEVICE)
Network
  --host ADDR             listen address (default 127.0.0.1; env TWEETLAB_HOST)
  --port N                listen port, 0 = any free port (default 8080; env PORT, TWEETLAB_PORT)
  --threads N             requests handled at once (default 16; env TWEETLAB_THREADS); idle and
                          still-arriving connections hold no thread
  --max-connections N     open connections (default 512): the stalest idle one makes room for a
                          new one, and when all are busy a new one gets 503
  --read-timeout S        seconds to receive a whole request from its first byte, else 408 (default 10)
  --write-timeout S       seconds to send a whole response (default 10)
  --keep-alive S          idle keep-alive seconds before the server closes (default 15)
Limits
  --max-body-bytes N      request body limit, with Content-Length or chunked, larger -> 413
                          (default 1048576)
  --max-header-bytes N    request line and headers, larger -> 431 (default 16384)
  --max-headers N         header fields, more -> 431 (default 64)
  --max-text-chars N      characters per text (default 5000)
  --max-batch N           texts per batch request (default 256)
Security and feedback
  --api-key-env NAME      require header X-API-Key equal to the value of variable NAME on
                          /predict and /feedback (env TWEETLAB_API_KEY_ENV)
  --feedback-log PATH     append-only feedback store (default feedback.jsonl; env TWEETLAB_FEEDBACK_LOG)
  APPLICATIONINSIGHTS_CONNECTION_STRING   forward feedback to Application Insights (see docs/api.md)
  --no-access-log         do not print one JSON access-log line per request
  --help, --version
)";
}

ParsedCommandLine parseServeCommandLine(const std::vector<std::string>& args,
                                        const EnvLookup& env) {
  ParsedCommandLine parsed;
  ServeConfig& c = parsed.config;
  const auto fromEnv = [&env](const std::string& name) { return env(name).value_or(""); };

  // Environment first, flags override.
  c.bundleDir = fromEnv("TWEETLAB_BUNDLE");
  c.modelUri = fromEnv("TWEETLAB_MODEL_URI");
  c.mlflowUri = fromEnv("MLFLOW_TRACKING_URI");
  if (auto v = env("TWEETLAB_HOST")) c.host = *v;
  if (auto v = env("PORT")) c.port = static_cast<int>(parseInteger("PORT", *v, 0, 65535));
  if (auto v = env("TWEETLAB_PORT"))
    c.port = static_cast<int>(parseInteger("TWEETLAB_PORT", *v, 0, 65535));
  if (auto v = env("TWEETLAB_THREADS"))
    c.threads = static_cast<int>(parseInteger("TWEETLAB_THREADS", *v, 1, 1024));
  if (auto v = env("TWEETLAB_FEEDBACK_LOG")) c.feedbackLog = *v;
  if (auto v = env("TWEETLAB_DEVICE")) c.device = *v;
  c.apiKeyEnv = fromEnv("TWEETLAB_API_KEY_ENV");
  c.appInsightsConnectionString = fromEnv("APPLICATIONINSIGHTS_CONNECTION_STRING");

  // An image bakes TWEETLAB_BUNDLE in; a deployment that sets TWEETLAB_MODEL_URI means the
  // registry model instead, so among environment variables the model URI wins.
  if (!c.modelUri.empty()) c.bundleDir.clear();
  bool bundleFlag = false;
  bool modelFlag = false;

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw InputError(flag + " needs a value");
      return args[++i];
    };
    if (flag == "--help" || flag == "-h") {
      parsed.showHelp = true;
    } else if (flag == "--version") {
      parsed.showVersion = true;
    } else if (flag == "--bundle") {
      c.bundleDir = value();
      bundleFlag = true;
    } else if (flag == "--model") {
      c.modelUri = value();
      modelFlag = true;
    } else if (flag == "--mlflow-uri") {
      c.mlflowUri = value();
    } else if (flag == "--model-cache") {
      c.modelCacheDir = value();
    } else if (flag == "--device") {
      c.device = value();
    } else if (flag == "--host") {
      c.host = value();
    } else if (flag == "--port") {
      c.port = static_cast<int>(parseInteger("--port", value(), 0, 65535));
    } else if (flag == "--threads") {
      c.threads = static_cast<int>(parseInteger("--threads", value(), 1, 1024));
    } else if (flag == "--read-timeout") {
      c.readTimeoutSeconds = static_cast<int>(parseInteger("--read-timeout", value(), 1, 3600));
    } else if (flag == "--write-timeout") {
      c.writeTimeoutSeconds = static_cast<int>(parseInteger("--write-timeout", value(), 1, 3600));
    } else if (flag == "--keep-alive") {
      c.keepAliveSeconds = static_cast<int>(parseInteger("--keep-alive", value(), 1, 3600));
    } else if (flag == "--max-connections") {
      c.maxConnections = static_cast<int>(parseInteger("--max-connections", value(), 1, 100000));
    } else if (flag == "--max-header-bytes") {
      c.limits.maxHeaderBytes =
          static_cast<std::size_t>(parseInteger("--max-header-bytes", value(), 1024, 1 << 20));
    } else if (flag == "--max-headers") {
      c.limits.maxHeaderCount =
          static_cast<std::size_t>(parseInteger("--max-headers", value(), 8, 10000));
    } else if (flag == "--max-body-bytes") {
      c.limits.maxBodyBytes = parseSize("--max-body-bytes", value());
    } else if (flag == "--max-text-chars") {
      c.limits.maxTextChars = parseSize("--max-text-chars", value());
    } else if (flag == "--max-batch") {
      c.limits.maxBatchSize = parseSize("--max-batch", value());
    } else if (flag == "--api-key-env") {
      c.apiKeyEnv = value();
    } else if (flag == "--feedback-log") {
      c.feedbackLog = value();
    } else if (flag == "--no-access-log") {
      c.accessLog = false;
    } else {
      throw InputError("unknown option '" + flag + "' (see --help)");
    }
  }
  if (parsed.showHelp || parsed.showVersion) return parsed;
  if (bundleFlag && !modelFlag) c.modelUri.clear();  // flags beat the environment
  if (modelFlag && !bundleFlag) c.bundleDir.clear();

  if (c.bundleDir.empty() == c.modelUri.empty()) {
    throw InputError("give exactly one model source: --bundle DIR or --model models:/NAME/VERSION");
  }
  if (!c.modelUri.empty() && c.mlflowUri.empty()) {
    throw InputError("--model needs the MLflow server: --mlflow-uri URL or MLFLOW_TRACKING_URI");
  }
  if (!c.apiKeyEnv.empty()) {
    const auto key = env(c.apiKeyEnv);
    // Fail closed: a configured but missing key must not silently open the API.
    if (!key || key->empty()) {
      throw InputError("--api-key-env " + c.apiKeyEnv +
                       ": that environment variable is not set or empty");
    }
    c.apiKey = *key;
  }
  if (c.feedbackLog.empty()) throw InputError("--feedback-log must not be empty");
  train::validateDeviceName(c.device);
  return parsed;
}

}  // namespace tweetlab::serve
