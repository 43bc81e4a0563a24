#include "app/serve/PredictionServer.h"

#include <httplib.h>  // brings the socket API: <sys/socket.h>, or <winsock2.h> on Windows

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

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
  socket_t listenSocket = INVALID_SOCKET;

  // run()'s progress, under `mutex`; `changed` is notified on each step.
  std::mutex mutex;
  std::condition_variable changed;
  bool stopRequested = false;
  bool entered = false;    // run() is about to listen or listening
  bool listening = false;  // cpp-httplib's accept loop runs: its stop() now takes effect
  bool finished = false;   // run() returned
  bool httpStopped = false;

  void set(bool Impl::*flag) {
    {
      const std::lock_guard lock(mutex);
      this->*flag = true;
    }
    changed.notify_all();
  }
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
  // cpp-httplib's stop() does nothing before its accept loop runs, and it marks the loop
  // running just before it asks for its task queue: that call is the moment stop() can act.
  http.new_task_queue = [impl = impl_.get(), makeQueue = http.new_task_queue] {
    impl->set(&Impl::listening);
    return makeQueue();
  };
  installRoutes(http, impl_->state);
  http.setErrorBody(
      [](const std::string& code, const std::string& message) { return errorBody(code, message); });
  http.setRejectionHandler([impl = impl_.get()](const FrontEndRejection& rejection) {
    recordFrontEndRejection(impl->state, rejection);
  });
}

PredictionServer::~PredictionServer() {
  stop();
  std::unique_lock lock(impl_->mutex);
  impl_->changed.wait(lock, [this] { return !impl_->entered || impl_->finished; });
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
  {
    const std::lock_guard lock(impl_->mutex);
    if (impl_->stopRequested) return;
    impl_->entered = true;
  }
  impl_->http.serve();
  impl_->set(&Impl::finished);
}

void PredictionServer::stop() {
  std::unique_lock lock(impl_->mutex);
  impl_->stopRequested = true;
  // run() may be between entering and cpp-httplib's accept loop, where its stop() would do
  // nothing: wait for the loop (or for serve() to give up).
  impl_->changed.wait(lock,
                      [this] { return !impl_->entered || impl_->listening || impl_->finished; });
  if (!impl_->listening || impl_->httpStopped) return;
  impl_->httpStopped = true;  // cpp-httplib asserts on a second stop() while it still runs
  impl_->http.stop();
}

ServeState& PredictionServer::state() {
  return impl_->state;
}

std::size_t PredictionServer::openConnections() const {
  return impl_->http.openConnections();
}

}  // namespace tweetlab::serve
