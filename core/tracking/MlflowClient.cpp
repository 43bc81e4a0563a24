#include "core/tracking/MlflowClient.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <tuple>

#include "core/common/Json.h"
#include "core/common/Numbers.h"

namespace tweetlab::tracking {
namespace {

constexpr std::size_t kMaxMetrics = 1000, kMaxParams = 100, kMaxTags = 100, kMaxEntities = 1000;
constexpr std::size_t kMaxParamValue = 6000, kMaxTagValue = 8000, kMaxKey = 250;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

bool truthy(const std::string& v) {
  return v == "1" || v == "true" || v == "True" || v == "TRUE" || v == "yes";
}

nlohmann::json tagList(const std::map<std::string, std::string>& tags) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [k, v] : tags) {
    out.push_back({{"key", MlflowClient::safeKey(k)},
                   {"value", MlflowClient::truncateChars(v, kMaxTagValue)}});
  }
  return out;
}

double jsonNumber(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    if (s == "NaN") return std::nan("");
    if (s == "Infinity") return HUGE_VAL;
    if (s == "-Infinity") return -HUGE_VAL;
    if (auto v = parseDouble(s)) return *v;
  }
  return std::nan("");
}

std::int64_t jsonInt(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return 0;
  const auto& v = j.at(key);
  if (v.is_number()) return v.get<std::int64_t>();
  if (v.is_string()) return std::atoll(v.get<std::string>().c_str());
  return 0;
}

MlflowRunInfo runInfoFrom(const nlohmann::json& info) {
  MlflowRunInfo r;
  r.runId = info.value("run_id", info.value("run_uuid", ""));
  r.experimentId = info.value("experiment_id", "");
  r.runName = info.value("run_name", "");
  r.status = info.value("status", "");
  r.artifactUri = info.value("artifact_uri", "");
  r.startTime = jsonInt(info, "start_time");
  r.endTime = jsonInt(info, "end_time");
  return r;
}

MlflowRun runFrom(const nlohmann::json& run) {
  MlflowRun r;
  r.info = runInfoFrom(run.value("info", nlohmann::json::object()));
  const auto data = run.value("data", nlohmann::json::object());
  for (const auto& m : data.value("metrics", nlohmann::json::array()))
    r.metrics[m.value("key", "")] = jsonNumber(m.at("value"));
  for (const auto& p : data.value("params", nlohmann::json::array()))
    r.params[p.value("key", "")] = p.value("value", "");
  for (const auto& t : data.value("tags", nlohmann::json::array()))
    r.tags[t.value("key", "")] = t.value("value", "");
  return r;
}

MlflowModelVersion versionFrom(const nlohmann::json& v) {
  return {v.value("name", ""), v.value("version", ""), v.value("run_id", ""),
          v.value("source", "")};
}

// Percent-encodes one path segment (RFC 3986 unreserved characters stay).
std::string encodeSegment(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

MlflowConfig MlflowConfig::fromEnvironment(const std::string& uri) {
  MlflowConfig c;
  c.trackingUri = uri.empty() ? env("MLFLOW_TRACKING_URI") : uri;
  c.token = env("MLFLOW_TRACKING_TOKEN");
  c.username = env("MLFLOW_TRACKING_USERNAME");
  c.password = env("MLFLOW_TRACKING_PASSWORD");
  c.insecureTls = truthy(env("MLFLOW_TRACKING_INSECURE_TLS"));
  c.caCertPath = env("MLFLOW_TRACKING_SERVER_CERT_PATH");
  if (auto t = parseDouble(env("MLFLOW_HTTP_REQUEST_TIMEOUT")); t && *t > 0)
    c.timeoutSeconds = static_cast<int>(*t);
  if (auto r = parseDouble(env("MLFLOW_HTTP_REQUEST_MAX_RETRIES")); r && *r >= 0)
    c.maxRetries = static_cast<int>(*r);
  return c;
}

MlflowError::MlflowError(const std::string& message, int httpStatus, std::string errorCode)
    : Error(message), status_(httpStatus), code_(std::move(errorCode)) {}

MlflowClient::MlflowClient(MlflowConfig config) : config_(std::move(config)) {
  auto uri = config_.trackingUri;
  while (!uri.empty() && uri.back() == '/') uri.pop_back();
  const auto scheme = uri.find("://");
  if (scheme == std::string::npos ||
      (uri.compare(0, scheme, "http") != 0 && uri.compare(0, scheme, "https") != 0)) {
    throw InputError("MLflow tracking URI must start with http:// or https://, not '" +
                     config_.trackingUri + "'");
  }
  const auto slash = uri.find('/', scheme + 3);
  const auto hostPort = slash == std::string::npos ? uri : uri.substr(0, slash);
  basePath_ = slash == std::string::npos ? std::string() : uri.substr(slash);
  http_ = std::make_unique<httplib::Client>(hostPort);
  if (!http_->is_valid())
    throw InputError("cannot use MLflow tracking URI '" + config_.trackingUri + "'");
  http_->set_connection_timeout(std::chrono::seconds(std::min(config_.timeoutSeconds, 10)));
  http_->set_read_timeout(std::chrono::seconds(config_.timeoutSeconds));
  http_->set_write_timeout(std::chrono::seconds(config_.timeoutSeconds));
  http_->set_keep_alive(true);
  http_->set_tcp_nodelay(true);  // small JSON requests: no Nagle/delayed-ACK stalls
  if (!config_.token.empty()) {
    http_->set_bearer_token_auth(config_.token.c_str());
  } else if (!config_.username.empty()) {
    http_->set_basic_auth(config_.username.c_str(), config_.password.c_str());
  }
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
  if (config_.insecureTls) http_->enable_server_certificate_verification(false);
  if (!config_.caCertPath.empty()) http_->set_ca_cert_path(config_.caCertPath.c_str());
#endif
}

MlflowClient::~MlflowClient() = default;

template <typename Call>
nlohmann::json MlflowClient::send(const std::string& what, bool idempotent, Call call) {
  int delay = config_.retryDelayMs;
  for (int attempt = 0;; ++attempt) {
    const auto started = std::chrono::steady_clock::now();
    httplib::Result res = [&] {
      std::lock_guard lock(mutex_);
      ++requests_;
      return call(*http_);
    }();
    // A server that accepted the request and then stayed silent for the whole read timeout is
    // not asked again: each retry would cost the full timeout once more.
    const bool timedOut = !res && std::chrono::steady_clock::now() - started >=
                                      std::chrono::milliseconds(config_.timeoutSeconds * 900);
    std::optional<MlflowError> error;
    if (!res) {
      error.emplace("MLflow at " + config_.trackingUri + " did not answer " + what + ": " +
                        httplib::to_string(res.error()),
                    0, "");
    } else if (res->status >= 200 && res->status < 300) {
      if (res->body.empty()) return nlohmann::json::object();
      auto body = tryParseJson(res->body);
      if (!body)
        throw MlflowError("MLflow " + what + " answered with a body that is not JSON", res->status,
                          "");
      return std::move(*body);
    } else {
      std::string code, message = res->body.substr(0, 300);
      try {
        const auto body = tryParseJson(res->body).value_or(nlohmann::json::object());
        code = body.value("error_code", "");
        message = body.value("message", message);
      } catch (const nlohmann::json::exception&) {
      }
      error.emplace("MLflow " + what + " failed with HTTP " + std::to_string(res->status) +
                        (code.empty() ? "" : " " + code) + ": " + message.substr(0, 500),
                    res->status, code);
    }
    if (!idempotent || !error->transient() || timedOut || attempt >= config_.maxRetries)
      throw *error;
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    delay *= 2;
  }
}

nlohmann::json MlflowClient::post(const std::string& endpoint, const nlohmann::json& body,
                                  bool idempotent) {
  const auto path = basePath_ + "/api/2.0/mlflow/" + endpoint;
  const auto text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return send(endpoint, idempotent,
              [&](httplib::Client& c) { return c.Post(path.c_str(), text, "application/json"); });
}

nlohmann::json MlflowClient::get(const std::string& endpoint,
                                 const std::map<std::string, std::string>& query) {
  httplib::Params params(query.begin(), query.end());
  const auto path = basePath_ + "/api/2.0/mlflow/" + endpoint;
  return send(endpoint, true,
              [&](httplib::Client& c) { return c.Get(path.c_str(), params, httplib::Headers{}); });
}

nlohmann::json MlflowClient::metricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return value;
}

std::string MlflowClient::safeKey(const std::string& key) {
  std::string out;
  for (unsigned char c : key) {
    const bool ok =
        std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == ' ' || c == ':' || c == '/';
    out += ok ? static_cast<char>(c) : '_';
  }
  // '..' segments and leading '/' would make the server refuse the name (it must not resolve to
  // another).
  for (std::size_t pos; (pos = out.find("..")) != std::string::npos;) out.replace(pos, 2, "_.");
  while (!out.empty() && out.front() == '/') out.front() = '_';
  if (out.empty()) out = "_";
  return out.substr(0, kMaxKey);
}

std::string MlflowClient::truncateChars(const std::string& text, std::size_t limit) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == limit) return text.substr(0, i);
      ++chars;
    }
  }
  return text;
}

std::optional<std::string> MlflowClient::findExperiment(const std::string& name) {
  try {
    const auto j = get("experiments/get-by-name", {{"experiment_name", name}});
    return j.at("experiment").at("experiment_id").get<std::string>();
  } catch (const MlflowError& e) {
    if (e.errorCode() == "RESOURCE_DOES_NOT_EXIST") return std::nullopt;
    throw;
  } catch (const nlohmann::json::exception& e) {
    throw MlflowError(std::string("MLflow experiments/get-by-name: unexpected answer: ") + e.what(),
                      200, "");
  }
}

std::string MlflowClient::createExperiment(const std::string& name) {
  const auto j = post("experiments/create", {{"name", name}}, false);
  return j.value("experiment_id", "");
}

std::string MlflowClient::getOrCreateExperiment(const std::string& name) {
  if (auto id = findExperiment(name)) return *id;
  try {
    return createExperiment(name);
  } catch (const MlflowError& e) {
    if (e.errorCode() != "RESOURCE_ALREADY_EXISTS") throw;
  }
  if (auto id = findExperiment(name)) return *id;
  throw MlflowError("MLflow experiment '" + name + "' exists but cannot be read", 404,
                    "RESOURCE_DOES_NOT_EXIST");
}

MlflowRunInfo MlflowClient::createRun(const std::string& experimentId, const std::string& runName,
                                      std::int64_t startTimeMs, const std::string& userId,
                                      const std::map<std::string, std::string>& tags) {
  nlohmann::json body{
      {"experiment_id", experimentId}, {"start_time", startTimeMs}, {"tags", tagList(tags)}};
  if (!runName.empty()) body["run_name"] = runName;
  if (!userId.empty()) body["user_id"] = userId;
  const auto j = post("runs/create", body, false);
  return runInfoFrom(j.at("run").at("info"));
}

MlflowRunInfo MlflowClient::updateRun(const std::string& runId, RunStatus status,
                                      std::int64_t endTimeMs) {
  nlohmann::json body{{"run_id", runId}, {"status", toString(status)}};
  if (endTimeMs > 0) body["end_time"] = endTimeMs;
  const auto j = post("runs/update", body, true);
  return runInfoFrom(j.value("run_info", nlohmann::json::object()));
}

void MlflowClient::renameRun(const std::string& runId, const std::string& name) {
  post("runs/update", {{"run_id", runId}, {"run_name", name}}, true);
  setTag(runId, "mlflow.runName", name);
}

void MlflowClient::setTag(const std::string& runId, const std::string& key,
                          const std::string& value) {
  post("runs/set-tag",
       {{"run_id", runId}, {"key", safeKey(key)}, {"value", truncateChars(value, kMaxTagValue)}},
       true);
}

MlflowRun MlflowClient::getRun(const std::string& runId) {
  return runFrom(get("runs/get", {{"run_id", runId}}).at("run"));
}

std::vector<MetricPoint> MlflowClient::metricHistory(const std::string& runId,
                                                     const std::string& key) {
  std::vector<MetricPoint> out;
  for (const auto& m : get("metrics/get-history", {{"run_id", runId}, {"metric_key", key}})
                           .value("metrics", nlohmann::json::array())) {
    out.push_back({m.value("key", key), jsonNumber(m.at("value")), jsonInt(m, "step"),
                   jsonInt(m, "timestamp")});
  }
  std::sort(out.begin(), out.end(), [](const MetricPoint& a, const MetricPoint& b) {
    return std::tie(a.step, a.timestampMs) < std::tie(b.step, b.timestampMs);
  });
  return out;
}

int MlflowClient::logBatch(const std::string& runId, const std::vector<MetricPoint>& metrics,
                           const std::map<std::string, std::string>& params,
                           const std::map<std::string, std::string>& tags) {
  auto param = params.begin();
  auto tag = tags.begin();
  std::size_t metric = 0;
  int requests = 0;
  while (param != params.end() || tag != tags.end() || metric < metrics.size()) {
    nlohmann::json body{{"run_id", runId}};
    nlohmann::json ps = nlohmann::json::array(), ts = nlohmann::json::array(),
                   ms = nlohmann::json::array();
    for (; param != params.end() && ps.size() < kMaxParams; ++param) {
      ps.push_back({{"key", safeKey(param->first)},
                    {"value", truncateChars(param->second, kMaxParamValue)}});
    }
    for (; tag != tags.end() && ts.size() < kMaxTags; ++tag) {
      ts.push_back(
          {{"key", safeKey(tag->first)}, {"value", truncateChars(tag->second, kMaxTagValue)}});
    }
    const std::size_t room = std::min(kMaxMetrics, kMaxEntities - ps.size() - ts.size());
    for (; metric < metrics.size() && ms.size() < room; ++metric) {
      const auto& m = metrics[metric];
      ms.push_back({{"key", safeKey(m.key)},
                    {"value", metricValue(m.value)},
                    {"timestamp", m.timestampMs},
                    {"step", m.step}});
    }
    if (!ps.empty()) body["params"] = ps;
    if (!ts.empty()) body["tags"] = ts;
    if (!ms.empty()) body["metrics"] = ms;
    post("runs/log-batch", body, true);  // idempotent: same params, same metric points
    ++requests;
  }
  return requests;
}

void MlflowClient::logInputs(const std::string& runId, const std::vector<MlflowDataset>& datasets) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : datasets) {
    nlohmann::json dataset{{"name", truncateChars(d.name, 500)},
                           {"digest", d.digest.substr(0, 36)},
                           {"source_type", d.sourceType},
                           {"source", d.source}};
    if (!d.schema.empty()) dataset["schema"] = d.schema;
    if (!d.profile.empty()) dataset["profile"] = d.profile;
    list.push_back(
        {{"tags", nlohmann::json::array({{{"key", "mlflow.data.context"}, {"value", d.context}}})},
         {"dataset", dataset}});
  }
  post("runs/log-inputs", {{"run_id", runId}, {"datasets", list}}, true);
}

std::string MlflowClient::artifactPath(const std::string& artifactUri,
                                       const std::string& relativePath) const {
  static const std::string kScheme = "mlflow-artifacts:";
  if (artifactUri.rfind(kScheme, 0) != 0) {
    throw FormatError("the MLflow server stores artifacts at '" + artifactUri +
                      "', which TweetLab cannot write to; start the server with --serve-artifacts");
  }
  // mlflow-artifacts:/1/<run>/artifacts or mlflow-artifacts://host/1/<run>/artifacts
  std::string rest = artifactUri.substr(kScheme.size());
  if (rest.rfind("//", 0) == 0) {
    const auto slash = rest.find('/', 2);
    rest = slash == std::string::npos ? std::string() : rest.substr(slash);
  }
  while (!rest.empty() && rest.front() == '/') rest.erase(0, 1);
  std::string path = basePath_ + "/api/2.0/mlflow-artifacts/artifacts/" + rest;
  std::size_t start = 0;
  while (start <= relativePath.size()) {
    const auto end = relativePath.find('/', start);
    const auto segment =
        relativePath.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (segment == ".." || segment == ".")
      throw InputError("artifact path '" + relativePath + "' may not contain . or ..");
    if (!segment.empty()) path += "/" + encodeSegment(segment);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return path;
}

void MlflowClient::uploadArtifactBytes(const std::string& artifactUri,
                                       const std::string& relativePath, const std::string& bytes) {
  const auto path = artifactPath(artifactUri, relativePath);
  send("artifact upload " + relativePath, true,
       [&](httplib::Client& c) { return c.Put(path.c_str(), bytes, "application/octet-stream"); });
}

void MlflowClient::uploadArtifact(const std::string& artifactUri, const std::string& relativePath,
                                  const std::filesystem::path& file) {
  const auto path = artifactPath(artifactUri, relativePath);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw IoError("cannot read artifact " + file.string() + ": " + ec.message());
  send("artifact upload " + relativePath, true, [&](httplib::Client& c) {
    // Streamed from disk: model files can be large.
    auto in = std::make_shared<std::ifstream>(file, std::ios::binary);
    return c.Put(
        path.c_str(), static_cast<std::size_t>(size),
        [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          std::string buffer(std::min<std::size_t>(length, 1 << 16), '\0');
          in->seekg(static_cast<std::streamoff>(offset));
          in->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
          const auto got = static_cast<std::size_t>(in->gcount());
          if (got == 0) return false;
          sink.write(buffer.data(), got);
          return true;
        },
        "application/octet-stream");
  });
}

bool MlflowClient::createRegisteredModel(const std::string& name, const std::string& description) {
  nlohmann::json body{{"name", name}};
  if (!description.empty()) body["description"] = description;
  try {
    post("registered-models/create", body, false);
    return true;
  } catch (const MlflowError& e) {
    if (e.errorCode() == "RESOURCE_ALREADY_EXISTS") return false;
    throw;
  }
}

MlflowModelVersion MlflowClient::createModelVersion(const std::string& name,
                                                    const std::string& source,
                                                    const std::string& runId) {
  const auto j =
      post("model-versions/create", {{"name", name}, {"source", source}, {"run_id", runId}}, false);
  return versionFrom(j.at("model_version"));
}

std::vector<MlflowModelVersion> MlflowClient::searchModelVersions(const std::string& filter) {
  const auto j = get("model-versions/search", {{"filter", filter}});
  std::vector<MlflowModelVersion> out;
  for (const auto& v : j.value("model_versions", nlohmann::json::array()))
    out.push_back(versionFrom(v));
  return out;
}

MlflowClient::SearchPage MlflowClient::searchRuns(const std::vector<std::string>& experimentIds,
                                                  const std::string& filter, int maxResults,
                                                  const std::string& pageToken,
                                                  const std::vector<std::string>& orderBy) {
  nlohmann::json body{{"experiment_ids", experimentIds}, {"max_results", maxResults}};
  if (!filter.empty()) body["filter"] = filter;
  if (!pageToken.empty()) body["page_token"] = pageToken;
  if (!orderBy.empty()) body["order_by"] = orderBy;
  const auto j = post("runs/search", body, true);
  SearchPage page;
  for (const auto& r : j.value("runs", nlohmann::json::array())) page.runs.push_back(runFrom(r));
  page.nextPageToken = j.value("next_page_token", "");
  return page;
}

std::vector<MlflowRun> MlflowClient::searchAllRuns(const std::vector<std::string>& experimentIds,
                                                   const std::string& filter, std::size_t limit,
                                                   int pageSize) {
  std::vector<MlflowRun> all;
  std::string token;
  do {
    auto page = searchRuns(experimentIds, filter, pageSize, token);
    for (auto& r : page.runs) {
      all.push_back(std::move(r));
      if (limit > 0 && all.size() >= limit) return all;
    }
    token = page.nextPageToken;
  } while (!token.empty());
  return all;
}

}  // namespace tweetlab::tracking
