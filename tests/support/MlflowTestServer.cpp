#include "tests/support/MlflowTestServer.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <regex>
#include <set>
#include <stdexcept>

namespace tweetlab::testing {
namespace {

using json = nlohmann::json;

// An MLflow error answer: {"error_code": ..., "message": ...}.
struct ApiError {
  int status;
  std::string code;
  std::string message;
};

ApiError invalid(const std::string& message) {
  return {400, "INVALID_PARAMETER_VALUE", message};
}
ApiError missing(const std::string& name) {
  return invalid("Missing value for required parameter '" + name +
                 "'. See the API docs for more information about request parameters.");
}
ApiError notFound(const std::string& message) {
  return {404, "RESOURCE_DOES_NOT_EXIST", message};
}

const char* kNotFoundHtml =
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The "
    "requested URL was not "
    "found on the server. If you entered the URL manually please check your spelling and try "
    "again.</p>\n";
const char* kNotAllowedHtml =
    "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not "
    "Allowed</h1>\n<p>The method "
    "is not allowed for the requested URL.</p>\n";

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string hexId() {
  static std::mt19937_64 engine(12345);
  static const char* hex = "0123456789abcdef";
  std::string id(32, '0');
  for (auto& c : id) c = hex[engine() & 15U];
  return id;
}

// A required string field; MLflow refuses numbers where strings are expected (run_id: 123).
std::string requireString(const json& body, const std::string& name, bool acceptNumber = false) {
  if (!body.contains(name) || body.at(name).is_null()) throw missing(name);
  const auto& v = body.at(name);
  if (v.is_string()) return v.get<std::string>();
  if (acceptNumber && v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  throw invalid("Invalid value " + v.dump() + " for parameter '" + name +
                "' supplied:  Hint: Value was of type '" + (v.is_number() ? "int" : v.type_name()) +
                "'. See the API docs for more information about request parameters.");
}

std::optional<std::int64_t> optionalInt(const json& body, const std::string& name) {
  if (!body.contains(name) || body.at(name).is_null()) return std::nullopt;
  const auto& v = body.at(name);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_string()) {
    try {
      std::size_t used = 0;
      const auto s = v.get<std::string>();
      const auto n = std::stoll(s, &used);
      if (used == s.size()) return n;
    } catch (const std::exception&) {
    }
  }
  throw invalid("Invalid value " + v.dump() + " for parameter '" + name + "' supplied.");
}

// Metric/param/tag names: [/\w.\- :]*, not resolving to another path, at most 250 characters.
void checkName(const std::string& name, const std::string& what, const std::string& path) {
  static const std::regex allowed(R"(^[/\w.\- :]*$)");
  if (!std::regex_match(name, allowed)) {
    throw invalid("Invalid value \"" + name + "\" for parameter '" + path +
                  "' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), "
                  "periods (.), spaces ( ), "
                  "colon(:) and slashes (/).");
  }
  const bool dotted = name == "." || name.rfind("../", 0) == 0 || name == ".." ||
                      name.find("/../") != std::string::npos ||
                      name.find("/./") != std::string::npos || name.rfind("./", 0) == 0 ||
                      (name.size() >= 3 && name.compare(name.size() - 3, 3, "/..") == 0) ||
                      name.rfind('/', 0) == 0 || name.find("//") != std::string::npos ||
                      (!name.empty() && name.back() == '/');
  if (dotted) {
    throw invalid("Invalid value \"" + name + "\" for parameter '" + path +
                  "' supplied: Names may be treated as files in certain cases, and must not "
                  "resolve to other names when "
                  "treated as such.");
  }
  if (name.size() > 250) {
    throw invalid(what + " '" + name + "' had length " + std::to_string(name.size()) +
                  ", which exceeded length limit of 250");
  }
}

std::size_t chars(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string truncateChars(const std::string& s, std::size_t limit) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == limit) return s.substr(0, i);
  }
  return s;
}

double metricValue(const json& v, const std::string& path) {
  if (v.is_null()) throw missing(path);
  if (v.is_number() && !v.is_boolean()) return v.get<double>();
  if (v.is_string()) {
    const auto s = v.get<std::string>();
    if (s == "NaN") return std::nan("");
    if (s == "Infinity") return HUGE_VAL;
    if (s == "-Infinity") return -HUGE_VAL;
    try {
      std::size_t used = 0;
      const double d = std::stod(s, &used);
      if (used == s.size()) return d;
    } catch (const std::exception&) {
    }
  }
  throw invalid("Invalid value " + v.dump() + " for parameter '" + path +
                "' supplied:  Hint: Value was of type '" + (v.is_string() ? "str" : v.type_name()) +
                "'. See the API docs for more information about request parameters.");
}

json metricJson(const MlflowTestServer::Metric& m) {
  json value = m.value;
  if (std::isnan(m.value)) value = "NaN";
  if (std::isinf(m.value)) value = m.value > 0 ? 1.7976931348623157e308 : -1.7976931348623157e308;
  return {{"key", m.key}, {"value", value}, {"timestamp", m.timestamp}, {"step", m.step}};
}

std::string base64(const std::string& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -6;
  for (unsigned char c : in) {
    val = (val << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(t[(val >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(t[((val << 8) >> (bits + 8)) & 0x3F]);
  while (out.size() % 4) out.push_back('=');
  return out;
}

std::string unbase64(const std::string& in) {
  static const std::string t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char c : in) {
    const auto pos = t.find(c);
    if (pos == std::string::npos) break;
    val = (val << 6) + static_cast<int>(pos);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

}  // namespace

struct MlflowTestServer::State {
  std::map<std::string, json> experiments;  // id -> experiment
  std::map<std::string, Run> runs;
  std::map<std::string, std::string> artifacts;
  std::map<std::string, json> registeredModels;
  std::vector<json> versions;
  std::vector<Request> requests;
  int failCount = 0, failStatus = 503, failSkip = 0;
  int nextExperiment = 1;
  std::string lastAuthorization;

  Run& activeRun(const std::string& id) {
    auto it = runs.find(id);
    if (it == runs.end()) throw notFound("Run with id=" + id + " not found");
    if (it->second.lifecycle != "active") {
      throw invalid("The run " + id + " must be in the 'active' state. Current state is " +
                    it->second.lifecycle + ".");
    }
    return it->second;
  }

  json runInfo(const Run& r) const {
    json info{{"run_uuid", r.id},
              {"experiment_id", r.experimentId},
              {"run_name", r.runName},
              {"user_id", r.userId},
              {"status", r.status},
              {"start_time", r.startTime},
              {"artifact_uri", "mlflow-artifacts:/" + r.experimentId + "/" + r.id + "/artifacts"},
              {"lifecycle_stage", r.lifecycle},
              {"run_id", r.id}};
    if (r.endTime) info["end_time"] = r.endTime;
    return info;
  }

  json runJson(const Run& r) const {
    // What runs/get and runs/search show per key is MLflow's "latest" metric: the highest step,
    // then the latest timestamp, then the larger value (sqlalchemy_store's
    // _update_latest_metric_if_necessary). A final value logged at step 0 therefore hides behind
    // any per-epoch point of the same key at steps 1..N.
    std::map<std::string, const Metric*> latest;
    for (const auto& m : r.metrics) {
      auto& slot = latest[m.key];
      if (!slot || std::tie(m.step, m.timestamp) > std::tie(slot->step, slot->timestamp) ||
          (std::tie(m.step, m.timestamp) == std::tie(slot->step, slot->timestamp) &&
           m.value > slot->value))
        slot = &m;
    }
    json metrics = json::array(), params = json::array(), tags = json::array();
    for (const auto& [k, m] : latest) metrics.push_back(metricJson(*m));
    for (const auto& [k, v] : r.params) params.push_back({{"key", k}, {"value", v}});
    for (const auto& [k, v] : r.tags) tags.push_back({{"key", k}, {"value", v}});
    json data = json::object();
    if (!metrics.empty()) data["metrics"] = metrics;
    if (!params.empty()) data["params"] = params;
    if (!tags.empty()) data["tags"] = tags;
    json inputs = json::object();
    if (!r.inputs.empty()) inputs["dataset_inputs"] = r.inputs;
    return {{"info", runInfo(r)}, {"data", data}, {"inputs", inputs}};
  }

  void logParams(Run& run, const json& list) {
    std::set<std::string> seen, dupes;
    std::vector<std::pair<std::string, std::string>> params;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto path = "params[" + std::to_string(i) + "]";
      const auto key = requireString(list[i], "key");
      checkName(key, "Param key", path + ".key");
      // Over-long values are cut silently (MLFLOW_TRUNCATE_LONG_VALUES defaults to true).
      params.emplace_back(key, truncateChars(list[i].value("value", ""), 6000));
      if (!seen.insert(key).second) dupes.insert(key);
    }
    if (!dupes.empty()) {
      std::string names;
      for (const auto& d : dupes) names += (names.empty() ? "'" : ", '") + d + "'";
      throw invalid("Duplicate parameter keys have been submitted: [" + names +
                    "]. Please ensure the request contains only one param value per param key.");
    }
    for (const auto& [k, v] : params) {
      auto it = run.params.find(k);
      if (it != run.params.end() && it->second != v) {
        throw invalid("Changing param values is not allowed. Param with key='" + k +
                      "' was already logged with value='" + it->second + "' for run ID='" + run.id +
                      "'. Attempted logging new value '" + v + "'.");
      }
    }
    for (const auto& [k, v] : params) run.params[k] = v;
  }

  void logTags(Run& run, const json& list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto key = requireString(list[i], "key");
      checkName(key, "Tag key", "tags[" + std::to_string(i) + "].key");
      run.tags[key] = truncateChars(list[i].value("value", ""), 8000);
    }
  }

  void logMetrics(Run& run, const json& list, const std::string& prefix) {
    std::vector<Metric> metrics;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto path = prefix.empty() ? std::string() : prefix + "[" + std::to_string(i) + "].";
      const auto& m = list[i];
      const auto key = requireString(m, "key");
      checkName(key, "Metric name", path + "name");
      if (!m.contains("value")) throw missing(path + "value");
      const double value = metricValue(m.at("value"), path + "value");
      const auto timestamp = optionalInt(m, "timestamp");
      if (!timestamp) throw missing(path + "timestamp");
      metrics.push_back({key, value, *timestamp, optionalInt(m, "step").value_or(0)});
    }
    for (const auto& m : metrics) {
      const bool same = std::any_of(run.metrics.begin(), run.metrics.end(), [&](const Metric& o) {
        return o.key == m.key && o.step == m.step && o.timestamp == m.timestamp &&
               (o.value == m.value || (std::isnan(o.value) && std::isnan(m.value)));
      });
      if (!same) run.metrics.push_back(m);  // the SQL store keys metrics by all their fields
    }
  }
};

MlflowTestServer::MlflowTestServer() : MlflowTestServer(std::string(), std::string()) {}

MlflowTestServer::MlflowTestServer(const std::string& certFile, const std::string& keyFile)
    : certFile_(certFile), keyFile_(keyFile), state_(std::make_unique<State>()) {
  state_->experiments["0"] = {{"experiment_id", "0"},
                              {"name", "Default"},
                              {"artifact_location", "mlflow-artifacts:/0"},
                              {"lifecycle_stage", "active"}};
  create();
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("MlflowTestServer: cannot bind a loopback port");
  listen();
}

void MlflowTestServer::create() {
  if (certFile_.empty()) {
    server_ = std::make_unique<httplib::Server>();
  } else {
    server_ = std::make_unique<httplib::SSLServer>(certFile_.c_str(), keyFile_.c_str());
    if (!server_->is_valid()) throw std::runtime_error("MlflowTestServer: bad certificate or key");
  }
}

MlflowTestServer::~MlflowTestServer() {
  stop();
}

std::string MlflowTestServer::uri() const {
  return (certFile_.empty() ? "http://127.0.0.1:" : "https://127.0.0.1:") + std::to_string(port_);
}

void MlflowTestServer::listen() {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  server_->set_tcp_nodelay(true);
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Delete(".*", handler);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void MlflowTestServer::stop() {
  if (!server_) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

void MlflowTestServer::start() {
  if (server_) return;
  create();
  if (!server_->bind_to_port("127.0.0.1", port_))
    throw std::runtime_error("MlflowTestServer: port taken on restart");
  listen();
}

void MlflowTestServer::failNext(int count, int status, int skip) {
  std::lock_guard lock(mutex_);
  state_->failSkip = skip;
  state_->failCount = count;
  state_->failStatus = status;
}

std::vector<MlflowTestServer::Run> MlflowTestServer::runs() const {
  std::lock_guard lock(mutex_);
  std::vector<Run> out;
  for (const auto& [id, r] : state_->runs) out.push_back(r);
  return out;
}

std::vector<std::string> MlflowTestServer::experimentNames() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [id, e] : state_->experiments) out.push_back(e.at("name"));
  return out;
}

std::map<std::string, std::string> MlflowTestServer::artifacts() const {
  std::lock_guard lock(mutex_);
  return state_->artifacts;
}

std::vector<nlohmann::json> MlflowTestServer::modelVersions() const {
  std::lock_guard lock(mutex_);
  return state_->versions;
}

std::string MlflowTestServer::lastAuthorization() const {
  std::lock_guard lock(mutex_);
  return state_->lastAuthorization;
}

std::vector<MlflowTestServer::Request> MlflowTestServer::requests() const {
  std::lock_guard lock(mutex_);
  return state_->requests;
}

int MlflowTestServer::count(const std::string& method, const std::string& suffix) const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(
      std::count_if(state_->requests.begin(), state_->requests.end(), [&](const Request& r) {
        return r.method == method && r.path.size() >= suffix.size() &&
               r.path.compare(r.path.size() - suffix.size(), suffix.size(), suffix) == 0 &&
               r.status == 200;
      }));
}

void MlflowTestServer::handle(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(mutex_);
  auto& s = *state_;
  auto finish = [&](int status) { s.requests.push_back({req.method, req.path, status}); };
  s.lastAuthorization = req.get_header_value("Authorization");
  auto sendJson = [&](int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
    finish(status);
  };
  if (s.failCount > 0 && s.failSkip > 0) {
    --s.failSkip;
  } else if (s.failCount > 0) {
    --s.failCount;
    return sendJson(s.failStatus,
                    {{"error_code", "INTERNAL_ERROR"}, {"message", "injected failure"}});
  }
  if (req.path == "/health") {
    res.set_content("OK", "text/html; charset=utf-8");
    return finish(200);
  }
  try {
    static const std::string kArtifacts = "/api/2.0/mlflow-artifacts/artifacts/";
    if (req.path == "/api/2.0/mlflow-artifacts/artifacts" && req.method == "GET") {
      // The proxy's listing: the direct children of ?path= (relative to the artifacts
      // destination), files with their size; an empty or unknown folder lists as {}.
      std::string path = req.get_param_value("path");
      while (!path.empty() && path.back() == '/') path.pop_back();
      if (path == ".." || path.rfind("../", 0) == 0 || path.find("/../") != std::string::npos ||
          (path.size() >= 3 && path.substr(path.size() - 3) == "/.."))
        throw invalid("Invalid path");
      const auto prefix = path.empty() ? std::string() : path + "/";
      std::map<std::string, json> children;
      for (const auto& [key, bytes] : s.artifacts) {
        if (key.rfind(prefix, 0) != 0) continue;
        const auto rest = key.substr(prefix.size());
        const auto slash = rest.find('/');
        if (slash == std::string::npos) {
          children[rest] = {{"path", rest}, {"is_dir", false}, {"file_size", bytes.size()}};
        } else {
          children[rest.substr(0, slash)] = {{"path", rest.substr(0, slash)}, {"is_dir", true}};
        }
      }
      json files = json::array();
      for (const auto& [name, entry] : children) files.push_back(entry);
      return sendJson(200, files.empty() ? json::object() : json{{"files", files}});
    }
    if (req.path.rfind(kArtifacts, 0) == 0) {
      const auto path = req.path.substr(kArtifacts.size());  // already %-decoded by httplib
      const bool bad = path.empty() || path.front() == '/' || path == ".." ||
                       path.rfind("../", 0) == 0 || path.find("/../") != std::string::npos ||
                       (path.size() >= 3 && path.substr(path.size() - 3) == "/..");
      if (bad) throw invalid("Invalid path");
      if (req.method == "PUT") {
        s.artifacts[path] = req.body;  // the proxy does not check that the run exists
        return sendJson(200, json::object());
      }
      if (req.method == "GET") {
        auto it = s.artifacts.find(path);
        if (it == s.artifacts.end()) {
          throw ApiError{500, "INTERNAL_ERROR",
                         "The following failures occurred while downloading one or more artifacts"};
        }
        res.set_content(it->second, "application/octet-stream");
        return finish(200);
      }
      res.status = 405;
      res.set_content(kNotAllowedHtml, "text/html; charset=utf-8");
      return finish(405);
    }

    static const std::string kApi = "/api/2.0/mlflow/";
    static const std::set<std::string> kGet{
        "experiments/get-by-name", "experiments/get",       "runs/get",
        "metrics/get-history",     "artifacts/list",        "model-versions/search",
        "model-versions/get",      "registered-models/get", "model-versions/get-download-uri"};
    static const std::set<std::string> kPost{
        "experiments/create",   "experiments/search", "runs/create",     "runs/update",
        "runs/delete",          "runs/search",        "runs/log-batch",  "runs/log-metric",
        "runs/log-parameter",   "runs/set-tag",       "runs/log-inputs", "registered-models/create",
        "model-versions/create"};
    const auto endpoint =
        req.path.rfind(kApi, 0) == 0 ? req.path.substr(kApi.size()) : std::string();
    const bool isGet = kGet.count(endpoint) > 0, isPost = kPost.count(endpoint) > 0;
    if (!isGet && !isPost) {
      res.status = 404;
      res.set_content(kNotFoundHtml, "text/html; charset=utf-8");
      return finish(404);
    }
    if ((isGet && req.method != "GET") || (isPost && req.method != "POST")) {
      res.status = 405;
      res.set_content(kNotAllowedHtml, "text/html; charset=utf-8");
      return finish(405);
    }

    json body = json::object();
    if (isPost) {
      const auto type = req.get_header_value("Content-Type");
      if (type.empty()) throw invalid("Bad Request. Content-Type header is missing.");
      if (type.rfind("application/json", 0) != 0)
        throw invalid("Bad Request. Content-Type must be one of ['application/json'].");
      try {
        body = json::parse(req.body);
      } catch (const json::exception&) {
        body = json::object();  // the real server then complains about the first required field
      }
      if (!body.is_object()) body = json::object();
    } else {
      for (const auto& [k, v] : req.params) body[k] = v;
    }

    if (endpoint == "experiments/create") {
      const auto name = requireString(body, "name");
      if (name.empty()) throw invalid("Invalid experiment name: ''");
      for (const auto& [id, e] : s.experiments) {
        if (e.at("name") == name) {
          throw ApiError{400, "RESOURCE_ALREADY_EXISTS",
                         "Experiment(name=" + name + ") already exists."};
        }
      }
      const auto id = std::to_string(s.nextExperiment++);
      s.experiments[id] = {{"experiment_id", id},
                           {"name", name},
                           {"artifact_location", "mlflow-artifacts:/" + id},
                           {"lifecycle_stage", "active"},
                           {"creation_time", nowMs()},
                           {"last_update_time", nowMs()}};
      return sendJson(200, {{"experiment_id", id}});
    }
    if (endpoint == "experiments/get-by-name") {
      const auto name = requireString(body, "experiment_name");
      for (const auto& [id, e] : s.experiments) {
        if (e.at("name") == name) return sendJson(200, {{"experiment", e}});
      }
      throw notFound("Could not find experiment with name '" + name + "'");
    }
    if (endpoint == "experiments/get") {
      const auto id = requireString(body, "experiment_id");
      auto it = s.experiments.find(id);
      if (it == s.experiments.end()) throw notFound("No Experiment with id=" + id + " exists");
      return sendJson(200, {{"experiment", it->second}});
    }
    if (endpoint == "runs/create") {
      const auto experimentId =
          body.contains("experiment_id") ? requireString(body, "experiment_id", true) : "0";
      if (!s.experiments.count(experimentId))
        throw notFound("No Experiment with id=" + experimentId + " exists");
      Run run;
      run.id = hexId();
      run.experimentId = experimentId;
      run.runName = body.value("run_name", "");
      if (run.runName.empty()) run.runName = "generated-run-" + std::to_string(s.runs.size() + 1);
      run.userId = body.value("user_id", "");
      run.startTime = optionalInt(body, "start_time").value_or(0);
      s.logTags(run, body.value("tags", json::array()));
      run.tags["mlflow.runName"] = run.runName;
      s.runs[run.id] = run;
      return sendJson(200,
                      {{"run", {{"info", s.runInfo(run)}, {"data", {{"tags", json::array()}}}}}});
    }
    if (endpoint == "runs/update") {
      auto& run = s.activeRun(requireString(body, "run_id"));
      static const std::set<std::string> kStatuses{"RUNNING", "SCHEDULED", "FINISHED", "FAILED",
                                                   "KILLED"};
      const auto status = body.value("status", "");
      // An unknown status is ignored, with end_time, and still answers 200 (as recorded).
      if (kStatuses.count(status)) {
        run.status = status;
        if (auto end = optionalInt(body, "end_time")) run.endTime = *end;
      }
      // run_name must be a string; an empty one renames nothing. MLflow 2.17's store renames the
      // run and its tag mlflow.runName together (sqlalchemy_store.update_run_info).
      if (body.contains("run_name") && !body["run_name"].is_null()) {
        const auto name = requireString(body, "run_name");
        if (!name.empty()) run.runName = run.tags["mlflow.runName"] = name;
      }
      return sendJson(200, {{"run_info", s.runInfo(run)}});
    }
    if (endpoint == "runs/get") {
      const auto id = requireString(body, "run_id");
      auto it = s.runs.find(id);
      if (it == s.runs.end()) throw notFound("Run with id=" + id + " not found");
      return sendJson(200, {{"run", s.runJson(it->second)}});
    }
    if (endpoint == "runs/delete") {
      const auto id = requireString(body, "run_id");
      auto it = s.runs.find(id);
      if (it == s.runs.end()) throw notFound("Run with id=" + id + " not found");
      it->second.lifecycle = "deleted";
      return sendJson(200, json::object());
    }
    if (endpoint == "runs/log-batch") {
      auto& run = s.activeRun(requireString(body, "run_id"));
      const auto metrics = body.value("metrics", json::array());
      const auto params = body.value("params", json::array());
      const auto tags = body.value("tags", json::array());
      auto limit = [](const char* what, std::size_t max, std::size_t got) {
        if (got > max) {
          throw invalid(std::string("A batch logging request can contain at most ") +
                        std::to_string(max) + " " + what + ". Got " + std::to_string(got) + " " +
                        what + ". Please split up " + what +
                        " across multiple requests and try again.");
        }
      };
      limit("metrics", 1000, metrics.size());
      limit("params", 100, params.size());
      limit("tags", 100, tags.size());
      limit("metrics, params, and tags", 1000, metrics.size() + params.size() + tags.size());
      Run copy = run;  // all or nothing
      s.logMetrics(copy, metrics, "metrics");
      s.logParams(copy, params);
      s.logTags(copy, tags);
      run = std::move(copy);
      return sendJson(200, json::object());
    }
    if (endpoint == "runs/log-metric") {
      auto& run = s.activeRun(requireString(body, "run_id"));
      s.logMetrics(run, json::array({body}), "");
      return sendJson(200, json::object());
    }
    if (endpoint == "runs/log-parameter") {
      auto& run = s.activeRun(requireString(body, "run_id"));
      s.logParams(
          run,
          json::array({{{"key", requireString(body, "key")}, {"value", body.value("value", "")}}}));
      return sendJson(200, json::object());
    }
    if (endpoint == "runs/set-tag") {
      auto& run = s.activeRun(requireString(body, "run_id"));
      const auto key = requireString(body, "key");
      checkName(key, "Tag key", "key");
      // value is optional (an absent one stores ""), but must be a string when sent.
      const auto value = body.contains("value") && !body["value"].is_null()
                             ? requireString(body, "value")
                             : std::string();
      run.tags[key] = truncateChars(value, 8000);
      return sendJson(200, json::object());
    }
    if (endpoint == "runs/log-inputs") {
      auto& run = s.activeRun(requireString(body, "run_id"));
      const auto datasets = body.value("datasets", json::array());
      for (std::size_t i = 0; i < datasets.size(); ++i) {
        const auto path = "datasets[" + std::to_string(i) + "].dataset";
        const auto dataset = datasets[i].value("dataset", json::object());
        for (const char* field : {"name", "digest", "source_type", "source"}) {
          if (!dataset.contains(field) || !dataset[field].is_string())
            throw missing(path + "." + field);
        }
        if (chars(dataset["name"]) > 500)
          throw invalid("Dataset name exceeds the maximum length of 500");
        if (chars(dataset["digest"]) > 36)
          throw invalid("Dataset digest exceeds the maximum length of 36");
        if (chars(dataset["source"]) > 65535)
          throw invalid("Dataset source exceeds the maximum length of 65535");
        for (const auto& t : datasets[i].value("tags", json::array())) {
          if (chars(t.value("key", "")) > 255 || chars(t.value("value", "")) > 500)
            throw invalid("Input tag too long");
        }
      }
      for (const auto& d : datasets) {
        if (std::find(run.inputs.begin(), run.inputs.end(), d) == run.inputs.end())
          run.inputs.push_back(d);
      }
      return sendJson(200, json::object());
    }
    if (endpoint == "runs/search") {
      const auto ids = body.value("experiment_ids", json::array());
      const auto maxResults = optionalInt(body, "max_results").value_or(1000);
      if (maxResults > 50000 || maxResults < 1) {
        throw invalid("Invalid value " + std::to_string(maxResults) +
                      " for parameter 'max_results' supplied:  Hint: Value was of type 'int'. See "
                      "the API docs for more information about request parameters.");
      }
      // Filter: clauses "tags.<key> = 'v'", "params.<key> = 'v'", "attributes.status = 'X'" joined
      // by "and".
      std::vector<std::tuple<std::string, std::string, std::string>> clauses;
      const auto filter = body.value("filter", "");
      static const std::regex clause(
          R"re(\s*(tags|params|attributes|metrics)\.(`[^`]+`|"[^"]+"|[\w.]+)\s*(>=|<=|!=|=|<|>|[^\w\s'"`.]+)\s*('(?:[^'\\]|\\.)*'|[-\d.eE]+)\s*(?:and|AND|$))re");
      for (std::sregex_iterator it(filter.begin(), filter.end(), clause), end; it != end; ++it) {
        auto key = (*it)[2].str();
        if (key.front() == '`' || key.front() == '"') key = key.substr(1, key.size() - 2);
        const auto op = (*it)[3].str();
        if (op != "=" && op != "!=" && op != "<" && op != ">" && op != "<=" && op != ">=") {
          throw invalid("Invalid comparator '" + op +
                        "' not one of '{'<=', '>', '>=', '!=', '<', '='}");
        }
        auto value = (*it)[4].str();
        if (value.front() == '\'') value = value.substr(1, value.size() - 2);
        clauses.emplace_back((*it)[1].str() + "." + key, op, value);
      }
      if (!filter.empty() && clauses.empty())
        throw invalid("Error on parsing filter '" + filter + "'");
      std::vector<const Run*> matches;
      for (const auto& [id, run] : s.runs) {
        if (run.lifecycle != "active") continue;
        if (std::find(ids.begin(), ids.end(), json(run.experimentId)) == ids.end()) continue;
        bool ok = true;
        for (const auto& [key, op, value] : clauses) {
          std::optional<std::string> actual;
          if (key.rfind("tags.", 0) == 0 && run.tags.count(key.substr(5)))
            actual = run.tags.at(key.substr(5));
          if (key.rfind("params.", 0) == 0 && run.params.count(key.substr(7)))
            actual = run.params.at(key.substr(7));
          if (key == "attributes.status") actual = run.status;
          if (key == "attributes.run_name") actual = run.runName;
          if (key.rfind("metrics.", 0) == 0) {
            ok = ok && std::any_of(run.metrics.begin(), run.metrics.end(),
                                   [&](const Metric& m) { return m.key == key.substr(8); });
            continue;
          }
          ok = ok && actual &&
               (op == "="    ? *actual == value
                : op == "!=" ? *actual != value
                             : true);
        }
        if (ok) matches.push_back(&run);
      }
      std::sort(matches.begin(), matches.end(), [](const Run* a, const Run* b) {
        return std::tie(b->startTime, a->id) < std::tie(a->startTime, b->id);
      });
      std::size_t offset = 0;
      if (body.contains("page_token") && body["page_token"].is_string()) {
        try {
          offset = json::parse(unbase64(body["page_token"].get<std::string>()))
                       .at("offset")
                       .get<std::size_t>();
        } catch (const json::exception&) {
          throw invalid("Invalid page token");
        }
      }
      json runs = json::array();
      for (std::size_t i = offset;
           i < matches.size() && runs.size() < static_cast<std::size_t>(maxResults); ++i) {
        runs.push_back(s.runJson(*matches[i]));
      }
      json out = json::object();
      if (!runs.empty()) out["runs"] = runs;
      if (offset + runs.size() < matches.size())
        out["next_page_token"] = base64(json{{"offset", offset + runs.size()}}.dump());
      return sendJson(200, out);
    }
    if (endpoint == "registered-models/create") {
      const auto name = requireString(body, "name");
      if (s.registeredModels.count(name)) {
        throw ApiError{400, "RESOURCE_ALREADY_EXISTS",
                       "Registered Model (name=" + name + ") already exists."};
      }
      s.registeredModels[name] = {{"name", name},
                                  {"creation_timestamp", nowMs()},
                                  {"description", body.value("description", "")}};
      return sendJson(200, {{"registered_model", s.registeredModels[name]}});
    }
    if (endpoint == "model-versions/create") {
      const auto name = requireString(body, "name");
      const auto source = requireString(body, "source");
      const auto runId = body.value("run_id", "");
      if (source.rfind("mlflow-artifacts:/", 0) != 0 && source.rfind("runs:/", 0) != 0 &&
          runId.empty()) {
        throw invalid("Invalid model version source: '" + source +
                      "'. To use a local path as a model version source, the run_id request "
                      "parameter has to be "
                      "specified and the local path has to be contained within the artifact "
                      "directory of the run "
                      "specified by the run_id.");
      }
      if (!s.registeredModels.count(name))
        throw notFound("Registered Model with name=" + name + " not found");
      int version = 1;
      for (const auto& v : s.versions) {
        if (v["name"] == name) ++version;
      }
      json v{{"name", name},
             {"version", std::to_string(version)},
             {"creation_timestamp", nowMs()},
             {"current_stage", "None"},
             {"source", source},
             {"run_id", runId},
             {"status", "READY"}};
      s.versions.push_back(v);
      return sendJson(200, {{"model_version", v}});
    }
    if (endpoint == "model-versions/search") {
      const auto filter = body.value("filter", "");
      static const std::regex clause(R"re(\s*(\w+)\s*=\s*'([^']*)'\s*(?:and|AND|$))re");
      json out = json::array();
      for (const auto& v : s.versions) {
        bool ok = true;
        for (std::sregex_iterator it(filter.begin(), filter.end(), clause), end; it != end; ++it) {
          const auto field = (*it)[1].str();
          ok = ok && v.contains(field) && v[field] == (*it)[2].str();
        }
        if (ok) out.push_back(v);
      }
      return sendJson(200, {{"model_versions", out}});
    }
    if (endpoint == "model-versions/get" || endpoint == "model-versions/get-download-uri") {
      const auto name = requireString(body, "name");
      const auto version = requireString(body, "version");
      for (const auto& v : s.versions) {
        if (v["name"] != name || v["version"] != version) continue;
        if (endpoint == "model-versions/get") return sendJson(200, {{"model_version", v}});
        // runs:/<run>/<path> resolves to the run's artifact location, as the server does.
        std::string uri = v["source"];
        if (uri.rfind("runs:/", 0) == 0) {
          const auto rest = uri.substr(6);
          const auto slash = rest.find('/');
          const auto run = s.runs.find(rest.substr(0, slash));
          if (run == s.runs.end())
            throw notFound("Run with id=" + rest.substr(0, slash) + " not found");
          uri = s.runInfo(run->second)["artifact_uri"].get<std::string>() +
                (slash == std::string::npos ? "" : rest.substr(slash));
        }
        return sendJson(200, {{"artifact_uri", uri}});
      }
      if (!s.registeredModels.count(name))
        throw notFound("Registered Model with name=" + name + " not found");
      throw notFound("Model Version (name=" + name + ", version=" + version + ") not found");
    }
    if (endpoint == "metrics/get-history") {
      const auto id = requireString(body, "run_id");
      const auto key = requireString(body, "metric_key");
      auto it = s.runs.find(id);
      if (it == s.runs.end()) throw notFound("Run with id=" + id + " not found");
      json out = json::array();
      for (const auto& m : it->second.metrics) {
        if (m.key == key) out.push_back(metricJson(m));
      }
      return sendJson(200, {{"metrics", out}});
    }
    throw ApiError{501, "NOT_IMPLEMENTED", "not implemented by the test server: " + endpoint};
  } catch (const ApiError& e) {
    sendJson(e.status, {{"error_code", e.code}, {"message", e.message}});
  }
}

}  // namespace tweetlab::testing
