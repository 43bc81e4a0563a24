#pragma once
// cpp-httplib's server with every resource a client can hold bounded. cpp-httplib gives each
// connection a worker thread for as long as the connection lives: idle keep-alive clients,
// or clients that send a request one byte a second (slowloris), then hold every worker, and
// its reader buffers request lines, header sets and chunked bodies of any size.
//
// Here cpp-httplib still parses requests, routes them and writes the answers, but a front end
// owns the connections:
//  - one poller thread receives bytes from every connection without blocking and frames
//    requests (RequestFramer: head and body limits, 413/431/400 answered at once);
//  - a request goes to a worker only once it has been received whole, so a worker never waits
//    on a client; an idle keep-alive connection costs a buffer, not a thread, and any number of
//    keep-alive clients share the workers in arrival order;
//  - a request must arrive whole within the request timeout from its first byte (408), an idle
//    connection is closed after the keep-alive timeout, and each answer must be written within
//    the write timeout;
//  - at most `maxConnections` are open: the stalest idle or incomplete one makes room for a new
//    one, and when every connection is busy a new one is answered 503 at once;
//  - stop() closes the listening socket; every request received whole by then (including ones
//    already waiting in a connection's socket buffer) is answered, with "Connection: close".
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "app/serve/RequestFramer.h"

namespace tweetlab::serve {

struct ConnectionLimits {
  FramingLimits framing;
  std::size_t workers = 16;
  std::size_t maxConnections = 1024;
  std::size_t maxRequestsPerConnection = 1000;
  std::chrono::milliseconds requestTimeout{10'000};  // first byte to last byte of a request
  std::chrono::milliseconds writeTimeout{10'000};    // one answer
  std::chrono::milliseconds idleTimeout{5'000};      // between requests on a connection
  std::chrono::milliseconds drainTimeout{2'000};     // incomplete requests after stop()
};

// A request the front end answered itself (it never reached a handler).
struct FrontEndRejection {
  int status = 0;
  std::string code;
  std::string message;
  std::string method;  // as received, printable ASCII, may be empty
  std::string target;
  double seconds = 0;  // from the request's first byte
};

class BoundedHttpServer : public httplib::Server {
 public:
  explicit BoundedHttpServer(ConnectionLimits limits);
  ~BoundedHttpServer() override;

  // Called on the poller thread for every FrontEndRejection (metrics, access log).
  void setRejectionHandler(std::function<void(const FrontEndRejection&)> handler);
  // The JSON body of such an answer, {"error": {"code", "message"}} like every other error.
  void setErrorBody(
      std::function<std::string(const std::string& code, const std::string& message)>);

  // listen_after_bind() with the front end running; returns once stop() was called and every
  // request received whole has been answered. Call bind_to_port()/bind_to_any_port() first.
  bool serve();

  // For tests and /metrics-style introspection.
  std::size_t openConnections() const;

 protected:
  bool process_and_close_socket(socket_t sock) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tweetlab::serve
