#include "tests/support/AppInsightsTestServer.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <regex>
#include <stdexcept>

namespace tweetlab::testing {
namespace {

// Written independently of core/telemetry on purpose: the stand-in must not share the client's
// bugs.
std::size_t codePoints(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string required(const char* field, const char* type) {
  return std::string("Field '") + field + "' on type '" + type + "' is required.";
}

std::string checkStringMap(const nlohmann::json& baseData, const char* field) {
  if (!baseData.contains(field)) return {};
  const auto& map = baseData[field];
  if (!map.is_object()) return std::string("Field '") + field + "' must be an object.";
  for (const auto& [key, value] : map.items()) {
    if (key.empty() || codePoints(key) > 150) return std::string("Invalid key in '") + field + "'.";
    if (!value.is_string())
      return std::string("Value of '") + key + "' in '" + field + "' must be a string.";
    if (codePoints(value.get<std::string>()) > 8192) {
      return std::string("Value of '") + key + "' in '" + field + "' is longer than 8192.";
    }
  }
  return {};
}

std::string checkMeasurements(const nlohmann::json& baseData) {
  if (!baseData.contains("measurements")) return {};
  const auto& map = baseData["measurements"];
  if (!map.is_object()) return "Field 'measurements' must be an object.";
  for (const auto& [key, value] : map.items()) {
    if (key.empty() || codePoints(key) > 150) return "Invalid key in 'measurements'.";
    if (!value.is_number()) return "Measurement '" + key + "' must be a number.";
  }
  return {};
}

bool parseTime(const std::string& text, std::chrono::system_clock::time_point& out) {
  static const std::regex shape(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
  if (!std::regex_match(text, shape)) return false;
  std::tm tm{};
  int millis = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon,
                  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis) != 7) {
    return false;
  }
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60) {
    return false;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  out = std::chrono::system_clock::from_time_t(timegm(&tm)) + std::chrono::milliseconds(millis);
  return true;
}

}  // namespace

std::string validateEnvelope(const nlohmann::json& e, const std::set<std::string>& knownKeys,
                             std::chrono::system_clock::time_point now) {
  if (!e.is_object()) return "Envelope must be a JSON object.";
  if (!e.contains("ver") || !e["ver"].is_number_integer() || e["ver"] != 1) {
    return required("ver", "Envelope");
  }
  if (!e.contains("name") || !e["name"].is_string() || e["name"].get<std::string>().empty()) {
    return required("name", "Envelope");
  }
  if (!e.contains("time") || !e["time"].is_string()) return required("time", "Envelope");
  std::chrono::system_clock::time_point at;
  if (!parseTime(e["time"].get<std::string>(), at)) return "Field 'time' is not a valid UTC time.";
  if (at < now - std::chrono::hours(48)) return "Field 'time' is older than 48 hours.";
  if (at > now + std::chrono::hours(2)) return "Field 'time' is more than 2 hours in the future.";
  if (!e.contains("iKey") || !e["iKey"].is_string() || e["iKey"].get<std::string>().empty()) {
    return required("iKey", "Envelope");
  }
  bool known = false;
  for (const auto& k : knownKeys) known = known || lower(k) == lower(e["iKey"].get<std::string>());
  if (!known) return "Invalid instrumentation key";
  if (e.contains("sampleRate") && !e["sampleRate"].is_number())
    return "Field 'sampleRate' must be a number.";
  if (e.contains("tags")) {
    if (!e["tags"].is_object()) return "Field 'tags' must be an object.";
    for (const auto& [key, value] : e["tags"].items()) {
      if (!value.is_string()) return "Tag '" + key + "' must be a string.";
    }
  }
  if (!e.contains("data") || !e["data"].is_object()) return required("data", "Envelope");
  const auto& data = e["data"];
  if (!data.contains("baseType") || !data["baseType"].is_string())
    return required("baseType", "Data");
  if (!data.contains("baseData") || !data["baseData"].is_object())
    return required("baseData", "Data");
  const auto& base = data["baseData"];
  const auto baseType = data["baseType"].get<std::string>();
  if (!base.contains("ver") || base["ver"] != 2) return required("ver", baseType.c_str());
  if (baseType == "MessageData") {
    if (!base.contains("message") || !base["message"].is_string() ||
        base["message"].get<std::string>().empty()) {
      return required("message", "MessageData");
    }
    if (codePoints(base["message"].get<std::string>()) > 32768)
      return "Field 'message' is longer than 32768.";
    if (base.contains("severityLevel")) {
      static const std::set<std::string> names{"Verbose", "Information", "Warning", "Error",
                                               "Critical"};
      const auto& s = base["severityLevel"];
      const bool ok = (s.is_number_integer() && s.get<int>() >= 0 && s.get<int>() <= 4) ||
                      (s.is_string() && names.count(s.get<std::string>()) > 0);
      if (!ok) return "Field 'severityLevel' is not a SeverityLevel.";
    }
  } else if (baseType == "EventData") {
    if (!base.contains("name") || !base["name"].is_string() ||
        base["name"].get<std::string>().empty()) {
      return required("name", "EventData");
    }
    if (codePoints(base["name"].get<std::string>()) > 512)
      return "Field 'name' is longer than 512.";
  } else if (baseType != "ExceptionData") {
    return "Unknown baseType '" + baseType + "'.";
  }
  if (auto m = checkStringMap(base, "properties"); !m.empty()) return m;
  return checkMeasurements(base);
}

AppInsightsTestServer::AppInsightsTestServer(std::set<std::string> knownKeys)
    : knownKeys_(std::move(knownKeys)) {
  server_ = std::make_unique<httplib::Server>();
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("AppInsightsTestServer: cannot bind a loopback port");
  listen();
}

AppInsightsTestServer::~AppInsightsTestServer() {
  release();
  stop();
}

std::string AppInsightsTestServer::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::string AppInsightsTestServer::connectionString(const std::string& key) const {
  return "InstrumentationKey=" + key + ";IngestionEndpoint=" + endpoint() +
         "/;LiveEndpoint=" + endpoint() + "/";
}

void AppInsightsTestServer::listen() {
  server_->set_tcp_nodelay(true);
  server_->set_payload_max_length(64 * 1024 * 1024);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  server_->Post(".*", handler);
  server_->Get(".*", handler);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void AppInsightsTestServer::stop() {
  if (!server_) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

void AppInsightsTestServer::start() {
  if (server_) return;
  server_ = std::make_unique<httplib::Server>();
  if (!server_->bind_to_port("127.0.0.1", port_)) {
    throw std::runtime_error("AppInsightsTestServer: port taken on restart");
  }
  listen();
}

void AppInsightsTestServer::script(Answer answer, int times) {
  std::lock_guard lock(mutex_);
  for (int i = 0; i < times; ++i) script_.push_back(answer);
}

void AppInsightsTestServer::redirectAll(int status, std::string location) {
  std::lock_guard lock(mutex_);
  redirectStatus_ = status;
  redirectLocation_ = std::move(location);
}

void AppInsightsTestServer::hold() {
  std::lock_guard lock(mutex_);
  holding_ = true;
}

void AppInsightsTestServer::release() {
  {
    std::lock_guard lock(mutex_);
    holding_ = false;
  }
  changed_.notify_all();
}

bool AppInsightsTestServer::waitUntilHeld(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return held_ > 0; });
}

bool AppInsightsTestServer::waitForAccepted(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return accepted_.size() >= n; });
}

bool AppInsightsTestServer::waitForRequests(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

std::vector<nlohmann::json> AppInsightsTestServer::accepted() const {
  std::lock_guard lock(mutex_);
  return accepted_;
}

std::vector<std::chrono::system_clock::time_point> AppInsightsTestServer::acceptedAt() const {
  std::lock_guard lock(mutex_);
  return acceptedAt_;
}

std::vector<AppInsightsTestServer::RequestLog> AppInsightsTestServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void AppInsightsTestServer::handle(const httplib::Request& req, httplib::Response& res) {
  std::unique_lock lock(mutex_);
  if (holding_) {
    ++held_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return !holding_; });
    --held_;
  }
  RequestLog log;
  log.path = req.path;
  log.contentType = req.get_header_value("Content-Type");
  log.contentEncoding = req.get_header_value("Content-Encoding");
  const auto answer = [&](int status, nlohmann::json body, const std::string& retryAfter = {},
                          const std::string& location = {}) {
    res.status = status;
    if (!retryAfter.empty()) res.set_header("Retry-After", retryAfter);
    if (!location.empty()) res.set_header("Location", location);
    res.set_content(body.dump(), "application/json");
    log.status = status;
    log.responseBody = std::move(body);
    requests_.push_back(log);
    changed_.notify_all();
  };
  const auto requestError = [&](int status, const std::string& message) {
    answer(status, {{"itemsReceived", 0},
                    {"itemsAccepted", 0},
                    {"errors", {{{"index", 0}, {"statusCode", status}, {"message", message}}}}});
  };

  const std::string kTrack = "/v2.1/track";
  if (req.method != "POST" || req.path.size() < kTrack.size() ||
      req.path.compare(req.path.size() - kTrack.size(), kTrack.size(), kTrack) != 0) {
    requestError(404, "Not found: " + req.method + " " + req.path);
    return;
  }
  // Redirects come from the front door, before the body is read.
  if (redirectStatus_ != 0 && req.path == kTrack) {
    answer(redirectStatus_, nlohmann::json::object(), {}, redirectLocation_);
    return;
  }
  if (!script_.empty() && script_.front().status >= 300 && script_.front().status < 400) {
    const Answer scripted = script_.front();
    script_.pop_front();
    answer(scripted.status, nlohmann::json::object(), scripted.retryAfter, scripted.location);
    return;
  }
  // cpp-httplib has already gunzipped the body (a body that is not valid gzip never gets here:
  // the library answers 400 itself). What we check is that the client said it compressed.
  if (log.contentEncoding != "gzip") {
    requestError(400, "Content-Encoding must be gzip for this client (SDK 2.x behaviour)");
    return;
  }
  if (req.body.size() > maxBodyBytes) {
    requestError(413, "Request body too large");
    return;
  }
  std::vector<nlohmann::json> items;
  const auto type = lower(log.contentType.substr(0, log.contentType.find(';')));
  if (type == "application/x-json-stream" || type == "application/json") {
    const auto whole = nlohmann::json::parse(req.body, nullptr, false);
    if (type == "application/json" && whole.is_array()) {
      items.assign(whole.begin(), whole.end());
    } else {
      std::size_t pos = 0;
      while (pos < req.body.size()) {
        auto end = req.body.find('\n', pos);
        if (end == std::string::npos) end = req.body.size();
        const auto line = req.body.substr(pos, end - pos);
        pos = end + 1;
        if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
        items.push_back(nlohmann::json::parse(line, nullptr, false));  // discarded -> invalid item
      }
    }
  } else {
    requestError(400, "Unsupported Content-Type '" + log.contentType + "'");
    return;
  }
  if (items.empty()) {
    requestError(400, "No telemetry items in the request");
    return;
  }
  log.items = items.size();

  const auto now = std::chrono::system_clock::now();
  nlohmann::json errors = nlohmann::json::array();
  std::vector<bool> ok(items.size(), true);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto why = items[i].is_discarded() ? std::string("Invalid JSON")
                                             : validateEnvelope(items[i], knownKeys_, now);
    if (!why.empty()) {
      ok[i] = false;
      errors.push_back({{"index", i}, {"statusCode", 400}, {"message", why}});
    }
  }
  const auto accept = [&](const std::vector<bool>& take) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (take[i]) {
        accepted_.push_back(items[i]);
        acceptedAt_.push_back(now);
        ++n;
      }
    }
    return n;
  };
  if (!errors.empty()) {
    const auto n = accept(ok);
    answer(n == 0 ? 400 : 206,
           {{"itemsReceived", items.size()}, {"itemsAccepted", n}, {"errors", errors}});
    return;
  }
  if (!script_.empty()) {
    Answer scripted = script_.front();
    script_.pop_front();
    if (scripted.status == 206 || (scripted.status == 200 && scripted.body.contains("errors"))) {
      // The scripted errors[] decides which items fail; every other item is accepted.
      std::vector<bool> take(items.size(), true);
      for (const auto& e : scripted.body["errors"]) {
        const auto index = e["index"].get<std::size_t>();
        if (index < take.size()) take[index] = false;
      }
      auto body = scripted.body;
      body["itemsReceived"] = items.size();
      body["itemsAccepted"] = accept(take);
      answer(scripted.status, body, scripted.retryAfter);
      return;
    }
    if (scripted.status != 200) {
      auto body = scripted.body.is_null() ? nlohmann::json{{"itemsReceived", items.size()},
                                                           {"itemsAccepted", 0},
                                                           {"errors", nlohmann::json::array()}}
                                          : scripted.body;
      answer(scripted.status, body, scripted.retryAfter);
      return;
    }
  }
  answer(200, {{"itemsReceived", items.size()},
               {"itemsAccepted", accept(ok)},
               {"errors", nlohmann::json::array()}});
}

}  // namespace tweetlab::testing
