#pragma once
// The HTTP surface of tweetlab-serve: handlers for every route, JSON errors for every failure.
// Internal to app/serve (includes cpp-httplib); PredictionServer wires it to a listening socket.
#include <httplib.h>

#include <string>
#include <string_view>

#include "app/serve/BoundedHttpServer.h"
#include "app/serve/ServeState.h"

namespace tweetlab::serve {

// Registers /predict, /feedback, /health, /ready, /version, /metrics plus the JSON error,
// exception, timing and access-log hooks on `server`. `state` must outlive the server.
void installRoutes(httplib::Server& server, ServeState& state);

// "/predict" etc. for known paths, "other" otherwise (bounded metric label values).
std::string routeLabel(std::string_view path);

// {"error": {"code": ..., "message": ...}}
void sendError(httplib::Response& res, int status, std::string_view code, std::string_view message);
std::string errorBody(std::string_view code, std::string_view message);

// Metrics and the access-log line for a request the front end answered itself (408, 413, 431,
// 503...), in the same shape as the handlers' own.
void recordFrontEndRejection(ServeState& state, const FrontEndRejection& rejection);

}  // namespace tweetlab::serve
