#pragma once
// The HTTP surface of tweetlab-serve: handlers for every route, JSON errors for every failure.
// Internal to app/serve (includes cpp-httplib); PredictionServer wires it to a listening socket.
#include <httplib.h>

#include <string>
#include <string_view>

#include "app/serve/ServeState.h"

namespace tweetlab::serve {

// Registers /predict, /feedback, /health, /ready, /version, /metrics plus the JSON error,
// exception, timing and access-log hooks on `server`. `state` must outlive the server.
void installRoutes(httplib::Server& server, ServeState& state);

// "/predict" etc. for known paths, "other" otherwise (bounded metric label values).
std::string routeLabel(std::string_view path);

// {"error": {"code": ..., "message": ...}}
void sendError(httplib::Response& res, int status, std::string_view code, std::string_view message);

}  // namespace tweetlab::serve
