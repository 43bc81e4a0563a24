#include "app/serve/Routes.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Platform.h"
#include "core/common/Version.h"
#include "core/text/Utf8.h"

namespace tweetlab::serve {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct RouteSpec {
  std::string_view path;
  std::string_view allow;
};
constexpr std::array<RouteSpec, 6> kRoutes{{{"/predict", "POST"},
                                            {"/feedback", "POST"},
                                            {"/health", "GET"},
                                            {"/ready", "GET"},
                                            {"/version", "GET"},
                                            {"/metrics", "GET"}}};

// Each request is handled start to finish by one worker thread, so the start of the request
// being handled can live in a thread-local set by the pre-routing hook.
thread_local std::optional<Clock::time_point> tRequestStart;

// A handler's failure to report: status, machine-readable code, human message.
struct HttpError {
  int status;
  std::string code;
  std::string message;
};

void sendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

std::string utcNowIso8601Millis() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::tm tm = platform::utcTime(seconds);
  char buffer[40];
  const auto n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buffer + n, sizeof buffer - n, ".%03dZ", static_cast<int>(millis));
  return buffer;
}

std::string newRecordId() {
  static std::mutex mutex;
  static std::mt19937_64 random{std::random_device{}()};
  const std::lock_guard lock(mutex);
  char buffer[33];
  std::snprintf(buffer, sizeof buffer, "%016llx%016llx", static_cast<unsigned long long>(random()),
                static_cast<unsigned long long>(random()));
  return buffer;
}

void requireApiKey(const httplib::Request& req, const ServeState& state) {
  if (!state.apiKey().enabled()) return;
  if (!req.has_header("X-API-Key"))
    throw HttpError{401, "unauthorized", "missing X-API-Key header"};
  if (!state.apiKey().accepts(req.get_header_value("X-API-Key"))) {
    throw HttpError{401, "unauthorized", "invalid API key"};
  }
}

json parseJsonBody(const httplib::Request& req) {
  if (req.body.empty())
    throw HttpError{400, "malformed_json", "request body is empty; send a JSON object"};
  if (const auto bad = text::utf8::firstInvalid(req.body)) {
    throw HttpError{400, "invalid_utf8",
                    "request body is not valid UTF-8 (byte " + std::to_string(*bad) + ")"};
  }
  // Depth-bounded: a deeply nested value would overflow the stack when a handler copies it.
  std::string error;
  auto body = tryParseJson(req.body, &error);
  if (!body) throw HttpError{400, "malformed_json", "request body: " + error};
  if (!body->is_object())
    throw HttpError{400, "invalid_request", "request body must be a JSON object"};
  return std::move(*body);
}

const std::string& requireText(const json& value, const std::string& field,
                               const ServeLimits& limits) {
  if (!value.is_string())
    throw HttpError{400, "invalid_request", "\"" + field + "\" must be a string"};
  const auto& text = value.get_ref<const std::string&>();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw HttpError{400, "empty_text", "\"" + field + "\" is empty"};
  }
  if (text::utf8::codePointCount(text) > limits.maxTextChars) {
    throw HttpError{
        400, "text_too_long",
        "\"" + field + "\" has more than " + std::to_string(limits.maxTextChars) + " characters"};
  }
  return text;
}

json modelJson(const ModelIdentity& identity) {
  return {{"name", identity.name}, {"version", identity.version}};
}

json predictionJson(const bundle::Prediction& p) {
  return {{"sentiment", p.sentiment},
          {"label", p.label},
          {"score", p.confidence},
          {"probability_positive", p.probabilityPositive}};
}

ServeState::Model readyModel(const ServeState& state) {
  auto model = state.model();
  if (!model.predictor)
    throw HttpError{503, "not_ready", "the model is still loading; retry shortly"};
  return model;
}

void handlePredict(const httplib::Request& req, httplib::Response& res, ServeState& state) {
  requireApiKey(req, state);
  const json body = parseJsonBody(req);
  const auto& limits = state.config().limits;
  const bool single = body.contains("text");
  const bool batch = body.contains("texts");
  if (single == batch) {
    throw HttpError{400, "invalid_request",
                    "send either {\"text\": \"...\"} or {\"texts\": [\"...\", ...]}"};
  }
  std::vector<std::string> texts;
  if (single) {
    texts.push_back(requireText(body["text"], "text", limits));
  } else {
    const auto& list = body["texts"];
    if (!list.is_array())
      throw HttpError{400, "invalid_request", "\"texts\" must be an array of strings"};
    if (list.empty()) throw HttpError{400, "empty_batch", "\"texts\" is empty"};
    if (list.size() > limits.maxBatchSize) {
      throw HttpError{400, "batch_too_large",
                      "\"texts\" has " + std::to_string(list.size()) + " items; the limit is " +
                          std::to_string(limits.maxBatchSize)};
    }
    texts.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      texts.push_back(requireText(list[i], "texts[" + std::to_string(i) + "]", limits));
    }
  }
  const auto model = readyModel(state);
  const auto predictions = model.predictor->predict(texts);
  for (const auto& p : predictions) state.metrics().recordPrediction(p.sentiment);

  json out;
  if (single) {
    out = predictionJson(predictions.front());
  } else {
    out["predictions"] = json::array();
    for (const auto& p : predictions) out["predictions"].push_back(predictionJson(p));
  }
  out["model"] = modelJson(model.identity);
  sendJson(res, 200, out);
}

void handleFeedback(const httplib::Request& req, httplib::Response& res, ServeState& state) {
  requireApiKey(req, state);
  const json body = parseJsonBody(req);
  telemetry::FeedbackRecord record;
  record.text = requireText(body.value("text", json()), "text", state.config().limits);

  const auto predicted = body.value("predicted", json());
  if (!predicted.is_string() || (predicted != "positive" && predicted != "negative")) {
    throw HttpError{400, "invalid_request", "\"predicted\" must be \"positive\" or \"negative\""};
  }
  record.predicted = predicted.get<std::string>();
  const auto score = body.value("score", json());
  if (!score.is_number() || score.get<double>() < 0.0 || score.get<double>() > 1.0) {
    throw HttpError{400, "invalid_request", "\"score\" must be a number between 0 and 1"};
  }
  record.score = score.get<double>();
  const auto accepted = body.value("accepted", json());
  if (!accepted.is_boolean())
    throw HttpError{400, "invalid_request", "\"accepted\" must be true or false"};
  record.accepted = accepted.get<bool>();

  // The caller says which model made the prediction (it may predate a redeploy); else ours.
  const auto identity = state.model().identity;
  record.modelName = identity.name;
  record.modelVersion = identity.version;
  if (body.contains("model")) {
    const auto& model = body["model"];
    if (!model.is_object() || (model.contains("name") && !model["name"].is_string()) ||
        (model.contains("version") && !model["version"].is_string())) {
      throw HttpError{400, "invalid_request",
                      "\"model\" must be {\"name\": string, \"version\": string}"};
    }
    record.modelName = model.value("name", record.modelName);
    record.modelVersion = model.value("version", record.modelVersion);
  }
  if (body.contains("model_version")) {
    if (!body["model_version"].is_string())
      throw HttpError{400, "invalid_request", "\"model_version\" must be a string"};
    record.modelVersion = body["model_version"].get<std::string>();
  }
  record.id = newRecordId();
  record.receivedAt = utcNowIso8601Millis();
  // Marked before it is stored, so that a restart after a crash knows it still has to go.
  auto* forwarder = state.forwarder();
  const bool forwarding = forwarder != nullptr && forwarder->willForward(record);

  try {
    state.feedbackLog().append(record);  // durable before we say so
  } catch (const IoError& e) {
    state.logLine(
        json{{"level", "error"}, {"msg", "feedback not stored"}, {"error", e.what()}}.dump());
    throw HttpError{503, "feedback_not_stored", "the feedback could not be stored; retry later"};
  }
  state.metrics().recordFeedback(record.accepted);
  // Honest about where it is: queued for sending (never "delivered": that happens later), and
  // how delivery stands right now.
  json out{{"id", record.id}, {"stored", true}, {"queued_for", nullptr}};
  if (forwarding) {
    forwarder->forward(record);
    out["queued_for"] = forwarder->name();
    if (const auto delivery = forwarder->delivery()) {
      out["delivery_state"] = telemetry::toString(delivery->state);
      out["items_waiting"] = delivery->queued + delivery->stored;
    }
  }
  sendJson(res, 201, out);
}

void handleVersion(httplib::Response& res, ServeState& state) {
  const auto model = state.model();
  json modelInfo = modelJson(model.identity);
  modelInfo["family"] = model.identity.family;
  modelInfo["source"] = model.identity.source;
  modelInfo["loaded"] = model.predictor != nullptr;
  // The decision the API applies: the bundle's threshold and calibration (null when none).
  if (model.predictor) {
    const auto& manifest = model.predictor->manifest();
    modelInfo["threshold"] = manifest.threshold;
    modelInfo["calibration"] = nullptr;
    if (manifest.calibration) {
      const auto& c = *manifest.calibration;
      modelInfo["calibration"] = {{"summary", c.describe()},
                                  {"method", calibration::toString(c.method)},
                                  {"threshold_rule", c.thresholdRule},
                                  {"prior_shift", c.toJson()["prior_shift"]},
                                  {"data", c.data},
                                  {"created_at", c.createdAt}};
    }
  }
  std::string forwarding = "none";
  if (state.forwarder() != nullptr) {
    forwarding = state.forwarder()->name();
  } else if (!state.config().appInsightsConnectionString.empty()) {
    forwarding = "unavailable";  // configured, but the connection string cannot be used
  }
  sendJson(res, 200,
           {{"service", "tweetlab-serve"},
            {"version", kVersion},
            {"git_commit", kGitCommit},
            {"model", modelInfo},
            {"feedback_forwarding", forwarding}});
}

// Runs a handler, turning every failure into the JSON error shape.
template <typename Handler>
httplib::Server::Handler guarded(ServeState& state, Handler handler) {
  return [&state, handler](const httplib::Request& req, httplib::Response& res) {
    try {
      handler(req, res, state);
    } catch (const HttpError& e) {
      sendError(res, e.status, e.code, e.message);
    } catch (const InputError& e) {
      sendError(res, 400, "invalid_request", e.what());
    } catch (const bundle::ModelCheckError& e) {
      state.logLine(json{
          {"level", "error"},
          {"msg", "the model failed on a request"},
          {"path", req.path},
          {"error",
           e.what()}}.dump(-1, ' ', false, json::error_handler_t::replace));
      sendError(res, 500, "model_error", "the model could not score this text");
    } catch (const std::exception& e) {
      state.logLine(json{
          {"level", "error"}, {"msg", "handler failed"}, {"path", req.path}, {"error", e.what()}}
                        .dump(-1, ' ', false, json::error_handler_t::replace));
      sendError(res, 500, "internal_error", "internal error");
    }
  };
}

std::string_view defaultCode(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 416:
      return "range_not_satisfiable";
    default:
      return status >= 500 ? "internal_error" : "error";
  }
}

}  // namespace

std::string routeLabel(std::string_view path) {
  for (const auto& route : kRoutes) {
    if (route.path == path) return std::string(route.path);
  }
  return "other";
}

std::string errorBody(std::string_view code, std::string_view message) {
  return json{{"error", {{"code", code}, {"message", message}}}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

void sendError(httplib::Response& res, int status, std::string_view code,
               std::string_view message) {
  res.status = status;
  res.set_content(errorBody(code, message), "application/json");
}

void recordFrontEndRejection(ServeState& state, const FrontEndRejection& r) {
  static const std::array<std::string_view, 7> kMethods{"GET",  "POST",  "PUT",    "DELETE",
                                                        "HEAD", "PATCH", "OPTIONS"};
  const bool known = std::find(kMethods.begin(), kMethods.end(), r.method) != kMethods.end();
  const auto path = r.target.substr(0, r.target.find('?'));
  state.metrics().recordRequest(routeLabel(path), known ? r.method : "other", r.status, r.seconds);
  if (!state.config().accessLog) return;
  state.logLine(json{
      {"ts", utcNowIso8601Millis()},
      {"level", "info"},
      {"msg", "request"},
      {"method", known ? r.method : "other"},
      {"path", path.substr(0, 200)},
      {"status", r.status},
      {"duration_ms", r.seconds * 1000.0},
      {"error",
       r.code}}.dump(-1, ' ', false, json::error_handler_t::replace));
}

void installRoutes(httplib::Server& server, ServeState& state) {
  server.Post("/predict", guarded(state, handlePredict));
  server.Post("/feedback", guarded(state, handleFeedback));
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    sendJson(res, 200, {{"status", "ok"}});
  });
  server.Get("/ready",
             guarded(state, [](const httplib::Request&, httplib::Response& res, ServeState& s) {
               const auto model = readyModel(s);
               sendJson(res, 200, {{"status", "ready"}, {"model", modelJson(model.identity)}});
             }));
  server.Get("/version", guarded(state, [](const httplib::Request&, httplib::Response& res,
                                           ServeState& s) { handleVersion(res, s); }));
  server.Get("/metrics", [&state](const httplib::Request&, httplib::Response& res) {
    auto text = state.metrics().renderPrometheus();
    if (const auto* forwarder = state.forwarder()) {
      if (const auto delivery = forwarder->delivery()) text += renderDeliveryMetrics(*delivery);
    }
    res.set_content(text, "text/plain; version=0.0.4; charset=utf-8");
  });

  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    tRequestStart = Clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Called for every response with status >= 400, including the ones our handlers wrote: only
  // fill in bodies cpp-httplib left empty (unknown path, payload too large, bad request line).
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [&state](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404) {
          for (const auto& route : kRoutes) {
            if (route.path == req.path) {
              res.set_header("Allow", std::string(route.allow));
              sendError(res, 405, "method_not_allowed",
                        req.method + " is not allowed on " + req.path + "; use " +
                            std::string(route.allow));
              return httplib::Server::HandlerResponse::Handled;
            }
          }
          sendError(res, 404, "not_found", "no route " + req.method + " " + req.path);
          return httplib::Server::HandlerResponse::Handled;
        }
        std::string message = "request rejected";
        if (res.status == 413) {
          message = "request body exceeds " + std::to_string(state.config().limits.maxBodyBytes) +
                    " bytes";
        }
        sendError(res, res.status, defaultCode(res.status), message);
        return httplib::Server::HandlerResponse::Handled;
      }));

  server.set_exception_handler(
      [&state](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        state.logLine(
            json{{"level", "error"}, {"msg", "unhandled exception"}, {"path", req.path}}.dump());
        sendError(res, 500, "internal_error", "internal error");
      });

  // Metrics are counted just before the response goes out (after the error handler chose the
  // final status), so a client that has its answer always finds it in /metrics.
  server.set_post_routing_handler([&state](const httplib::Request& req, httplib::Response& res) {
    const double seconds =
        tRequestStart ? std::chrono::duration<double>(Clock::now() - *tRequestStart).count() : 0.0;
    state.metrics().recordRequest(routeLabel(req.path), req.method, res.status, seconds);
  });

  // One structured access-log line per response, once it is sent. Headers are never logged:
  // they carry the API key. The query string is left out for the same reason.
  server.set_logger([&state](const httplib::Request& req, const httplib::Response& res) {
    double seconds = 0;
    if (tRequestStart) {
      seconds = std::chrono::duration<double>(Clock::now() - *tRequestStart).count();
      tRequestStart.reset();
    }
    if (!state.config().accessLog) return;
    state.logLine(json{{"ts", utcNowIso8601Millis()},
                       {"level", "info"},
                       {"msg", "request"},
                       {"method", req.method},
                       {"path", req.path.substr(0, 200)},
                       {"status", res.status},
                       {"duration_ms", seconds * 1000.0},
                       {"remote", req.remote_addr},
                       {"bytes_in", req.body.size()},
                       {"bytes_out", res.body.size()}}
                      .dump(-1, ' ', false, json::error_handler_t::replace));
  });
}

}  // namespace tweetlab::serve
