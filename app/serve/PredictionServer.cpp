#include "app/serve/PredictionServer.h"

#include <httplib.h>  // brings the socket API: <sys/socket.h>, or <winsock2.h> on Windows

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "app/serve/BoundedHttpServer.h"
#include "app/serve/Routes.h"
#include "core/common/Errors.h"

namespace tweetlab::serve {

namespace {

// The server's one configuration, as the front end's limits.
ConnectionLimits connectionLimits(const ServeConfig& c) {
  ConnectionLimits l;
  l.framing.maxBodyBytes = c.limits.maxBodyBytes;
  l.framing.maxHeaderBytes = c.limits.maxHeaderBytes;
  l.framing.maxHeaderCount = c.limits.maxHeaderCount;
  l.workers = static_cast<std::size_t>(c.threads);
  l.maxConnections = static_cast<std::size_t>(c.maxConnections);
  l.maxRequestsPerConnection = static_cast<std::size_t>(c.keepAliveMaxRequests);
  l.requestTimeout = std::chrono::seconds(c.readTimeoutSeconds);
  l.writeTimeout = std::chrono::seconds(c.writeTimeoutSeconds);
  l.idleTimeout = std::chrono::seconds(c.keepAliveSeconds);
  l.drainTimeout = std::chrono::seconds(std::min(c.readTimeoutSeconds, 2));
  return l;
}

}  // namespace

struct PredictionServer::Impl {
  Impl(ServeConfig config, std::shared_ptr<telemetry::FeedbackForwarder> forwarder,
       std::ostream& log)
      : state(std::move(config), std::move(forwarder), log),
        http(connectionLimits(state.config())) {}

  ServeState state;
  BoundedHttpServer http;
  std::atomic<bool> stopRequested{false};
  std::atomic<bool> entered{false};   // run() is about to listen or listening
  std::atomic<bool> finished{false};  // run() returned
  socket_t listenSocket = INVALID_SOCKET;
};

PredictionServer::PredictionServer(ServeConfig config,
                                   std::shared_ptr<telemetry::FeedbackForwarder> forwarder,
                                   std::ostream& log)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(forwarder), log)) {
  const auto& c = impl_->state.config();
  auto& http = impl_->http;
  http.set_payload_max_length(c.limits.maxBodyBytes);  // the front end checks first
  http.set_read_timeout(c.readTimeoutSeconds, 0);
  http.set_write_timeout(c.writeTimeoutSeconds, 0);
  http.set_keep_alive_timeout(c.keepAliveSeconds);
  http.set_keep_alive_max_count(static_cast<std::size_t>(c.keepAliveMaxRequests));
  http.set_tcp_nodelay(true);
  // cpp-httplib's default sets SO_REUSEPORT, which would let a second server silently share the
  // port; SO_REUSEADDR alone allows quick restarts and still fails on a port in use.
  http.set_socket_options([impl = impl_.get()](socket_t sock) {
#ifdef _WIN32
    // Windows' SO_REUSEADDR lets another process take a port in use; exclusive use is what
    // SO_REUSEADDR means on Linux here.
    BOOL yes = TRUE;
    ::setsockopt(sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&yes),
                 sizeof yes);
#else
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
#endif
    impl->listenSocket = sock;
  });
  installRoutes(http, impl_->state);
  http.setErrorBody(
      [](const std::string& code, const std::string& message) { return errorBody(code, message); });
  http.setRejectionHandler([impl = impl_.get()](const FrontEndRejection& rejection) {
    recordFrontEndRejection(impl->state, rejection);
  });
}

PredictionServer::~PredictionServer() {
  if (impl_->entered && !impl_->finished) {
    stop();
    while (!impl_->finished) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void PredictionServer::setModel(std::shared_ptr<const bundle::Predictor> predictor,
                                ModelIdentity identity) {
  impl_->state.setModel(std::move(predictor), std::move(identity));
}

int PredictionServer::bind() {
  const auto& c = impl_->state.config();
  int port = c.port;
  if (port == 0) {
    port = impl_->http.bind_to_any_port(c.host);
  } else if (!impl_->http.bind_to_port(c.host, port)) {
    port = -1;
  }
  if (port < 0) {
    throw IoError("cannot listen on " + c.host + ":" + std::to_string(c.port) +
                  " (address in use or not local?)");
  }
  // cpp-httplib 0.11 listens with a backlog of 5; bursts of new connections (a load balancer,
  // 64 clients connecting at once) would then wait for SYN retransmits. On Linux, listen() again
  // on the listening socket just raises the backlog.
  if (impl_->listenSocket != INVALID_SOCKET) ::listen(impl_->listenSocket, SOMAXCONN);
  return port;
}

void PredictionServer::run() {
  impl_->entered = true;
  if (!impl_->stopRequested) impl_->http.serve();
  impl_->finished = true;
}

void PredictionServer::stop() {
  impl_->stopRequested = true;
  // run() may be between its check and cpp-httplib marking itself running; stop() on a server
  // that is not running yet does nothing, so wait for one or the other.
  while (impl_->entered && !impl_->finished && !impl_->http.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->http.stop();
}

ServeState& PredictionServer::state() {
  return impl_->state;
}

std::size_t PredictionServer::openConnections() const {
  return impl_->http.openConnections();
}

}  // namespace tweetlab::serve
