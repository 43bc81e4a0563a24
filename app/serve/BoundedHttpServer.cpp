#include "app/serve/BoundedHttpServer.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "app/serve/SocketIo.h"

namespace tweetlab::serve {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr milliseconds kLinger{1000};  // after an error answer: let the client read it

// cpp-httplib's accept loop hands each socket to process_and_close_socket() through this queue;
// the front end takes it at once, so no thread is needed here.
class InlineQueue final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

struct Connection {
  Connection(socket_t s, FramingLimits limits, Clock::time_point now)
      : fd(s), framer(limits), lastActivity(now) {}
  socket_t fd;
  std::string in;  // received, not yet answered: the current request first
  RequestFramer framer;
  std::size_t requestBytes = 0;  // of the complete request handed to a worker
  bool inRequest = false;        // some bytes of the next request have arrived
  Clock::time_point requestStart{};
  Clock::time_point lastActivity;
  std::size_t served = 0;
  bool continueSent = false;
  bool peerClosed = false;  // the client shut down its side after sending
  bool closing = false;     // answered with an error and shut down: draining its input
  Clock::time_point closeBy{};
};
using ConnectionPtr = std::unique_ptr<Connection>;

int millisecondsUntil(Clock::time_point when, Clock::time_point now) {
  if (when <= now) return 0;
  return static_cast<int>(
      std::min<long long>(std::chrono::duration_cast<milliseconds>(when - now).count() + 1, 1000));
}

const char* reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 431:
      return "Request Header Fields Too Large";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

// The framed request in a connection's buffer as cpp-httplib's Stream: reads end where the
// request ends (a worker never waits on a client); answers go to the socket within a deadline.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(Connection& c, milliseconds writeTimeout)
      : c_(c), deadline_(Clock::now() + writeTimeout) {}

  bool is_readable() const override { return pos_ < c_.requestBytes; }
  bool is_writable() const override { return !failed_; }
  ssize_t read(char* ptr, size_t size) override {
    const auto n = std::min(size, c_.requestBytes - pos_);
    std::memcpy(ptr, c_.in.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (failed_) return -1;
    // The front end already said 100 Continue to get the body; cpp-httplib says it again.
    if (c_.continueSent && !continueSkipped_ && std::string_view(ptr, size) == kContinue) {
      continueSkipped_ = true;
      return static_cast<ssize_t>(size);
    }
    std::size_t done = 0;
    while (done < size) {
      std::size_t sent = 0;
      const auto io = net::sendSome(c_.fd, ptr + done, size - done, sent);
      if (io == net::Io::Done) {
        done += sent;
      } else if (io != net::Io::WouldBlock ||
                 !net::waitWritable(c_.fd, millisecondsUntil(deadline_, Clock::now()))) {
        failed_ = true;  // the client does not read its answer, or is gone
        return -1;
      }
    }
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    net::peerAddress(c_.fd, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    net::localAddress(c_.fd, ip, port);
  }
  socket_t socket() const override { return c_.fd; }
  bool failed() const { return failed_; }

 private:
  Connection& c_;
  Clock::time_point deadline_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  bool continueSkipped_ = false;
};

}  // namespace

struct BoundedHttpServer::Impl {
  Impl(BoundedHttpServer& s, ConnectionLimits l) : server(s), limits(l) {
    // Bytes buffered for one connection before its request must be complete: a full head,
    // the largest body and generous chunk framing.
    bufferCap = limits.framing.maxHeaderBytes + limits.framing.maxBodyBytes +
                limits.framing.maxBodyBytes / 4 + 64 * 1024;
  }
  ~Impl() {
    for (auto& c : waiting)
      if (c) net::closeSocket(c->fd);
    for (auto& c : ready) net::closeSocket(c->fd);
    for (auto& c : returned) net::closeSocket(c->fd);
    for (auto s : accepted) net::closeSocket(s);
  }

  BoundedHttpServer& server;
  ConnectionLimits limits;
  std::size_t bufferCap = 0;
  std::function<void(const FrontEndRejection&)> onRejected;
  std::function<std::string(const std::string&, const std::string&)> errorBody;
  net::WakeUp wake;
  std::atomic<std::size_t> open{0};

  // Handed between threads, under `mutex`.
  std::mutex mutex;
  std::condition_variable readyChanged;
  std::vector<socket_t> accepted;       // accept loop -> poller
  std::vector<ConnectionPtr> returned;  // workers -> poller, ready for their next request
  std::deque<ConnectionPtr> ready;      // poller -> workers, a whole request received
  std::size_t working = 0;
  bool draining = false;  // stop() was called
  bool finished = false;  // the poller ended: workers end once `ready` is empty

  std::vector<ConnectionPtr> waiting;  // the poller's own: idle or receiving
  Clock::time_point drainStart{};
  bool drainStarted = false;

  void closeNow(Connection& c) {
    ::shutdown(c.fd, 2);  // SHUT_RDWR / SD_BOTH
    net::closeSocket(c.fd);
    --open;
  }

  void sendAll(socket_t fd, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      std::size_t sent = 0;
      if (net::sendSome(fd, bytes.data() + done, bytes.size() - done, sent) != net::Io::Done)
        return;  // best effort: error answers are small and fit any socket buffer
      done += sent;
    }
  }

  std::string errorResponse(int status, const std::string& code, const std::string& message) {
    const auto body =
        errorBody ? errorBody(code, message) : "{\"error\":{\"code\":\"" + code + "\"}}";
    return "HTTP/1.1 " + std::to_string(status) + " " + reason(status) +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
  }

  void report(int status, const std::string& code, const std::string& message,
              const std::string& method, const std::string& target, double seconds) {
    if (onRejected) onRejected({status, code, message, method, target, seconds});
  }

  // Answers with an error, shuts the connection down for writing, and reads (and drops) what
  // the client still sends for a moment, so that it reads the answer rather than a reset.
  void reject(Connection& c, int status, const std::string& code, const std::string& message,
              const std::string& method, const std::string& target, Clock::time_point now) {
    sendAll(c.fd, errorResponse(status, code, message));
    net::shutdownWrite(c.fd);
    c.closing = true;
    c.closeBy = now + kLinger;
    c.in.clear();
    c.in.shrink_to_fit();
    const double seconds =
        c.inRequest ? std::chrono::duration<double>(now - c.requestStart).count() : 0.0;
    report(status, code, message, method, target, seconds);
  }

  // Reads what the socket holds now. False when the connection is finished (closed by the
  // client with nothing to answer, or failed).
  bool receive(Connection& c) {
    char buffer[16 * 1024];
    // At most 4 MiB a turn: a fast sender cannot keep the poller from its other connections.
    for (int reads = 0; reads < 256 && c.in.size() < bufferCap; ++reads) {
      std::size_t got = 0;
      const auto io = net::receive(c.fd, buffer, sizeof buffer, got);
      if (io == net::Io::Done) {
        if (!c.closing) c.in.append(buffer, got);
        continue;
      }
      if (io == net::Io::WouldBlock) return true;
      if (io == net::Io::Closed && !c.closing && !c.in.empty()) {
        c.peerClosed = true;  // a request followed by a half-close: still answered
        return true;
      }
      return false;
    }
    return true;
  }

  // Frames what `slot`'s connection has buffered; moves it to the ready queue when a request
  // is complete (leaving `slot` empty).
  void frame(ConnectionPtr& slot, Clock::time_point now) {
    Connection& c = *slot;
    if (c.closing) return;
    if (!c.inRequest) {
      // Empty lines before a request line are ignored (RFC 9112 section 2.2).
      const auto first = c.in.find_first_not_of("\r\n");
      c.in.erase(0, first == std::string::npos ? c.in.size() : first);
      if (c.in.empty()) {
        if (c.peerClosed) {
          closeNow(c);
          slot.reset();
        }
        return;
      }
      c.inRequest = true;
      c.requestStart = now;
    }
    const auto& f = c.framer.feed(c.in);
    switch (f.state) {
      case Framing::State::NeedMore:
        if (c.peerClosed) {  // the client stopped sending before its request was whole
          closeNow(c);
          slot.reset();
        } else if (c.in.size() >= bufferCap) {
          reject(c, 413, "payload_too_large", "request too large", f.method, f.target, now);
        } else if (f.expectsContinue && !c.continueSent) {
          sendAll(c.fd, std::string(kContinue));
          c.continueSent = true;
        }
        return;
      case Framing::State::Rejected:
        reject(c, f.status, f.code, f.message, f.method, f.target, now);
        return;
      case Framing::State::Complete:
        c.requestBytes = f.requestBytes + renameFormContentTypes(c.in, f);
        {
          const std::lock_guard lock(mutex);
          ready.push_back(std::move(slot));
        }
        readyChanged.notify_one();
        return;
    }
  }

  // Makes room for a new connection by closing the one that has waited longest without
  // sending a whole request. False when every connection is busy with a request.
  bool evictStalest(Clock::time_point now) {
    ConnectionPtr* stalest = nullptr;
    Clock::time_point since{};
    for (auto& c : waiting) {
      if (!c) continue;
      const auto t = c->closing     ? Clock::time_point{}
                     : c->inRequest ? c->requestStart
                                    : c->lastActivity;
      if (stalest == nullptr || t < since) {
        stalest = &c;
        since = t;
      }
    }
    if (stalest == nullptr) return false;
    Connection& c = **stalest;
    if (c.inRequest && !c.closing) {
      sendAll(c.fd, errorResponse(503, "server_busy", "too many connections; retry"));
      report(503, "server_busy", "evicted for a newer connection", "", "",
             std::chrono::duration<double>(now - c.requestStart).count());
    }
    closeNow(c);
    stalest->reset();
    return true;
  }

  void adopt(socket_t fd, Clock::time_point now) {
    net::setNonBlocking(fd);
    if (open.load() >= limits.maxConnections && !evictStalest(now)) {
      sendAll(fd, errorResponse(503, "server_busy", "every connection is busy; retry shortly"));
      report(503, "server_busy", "every connection is busy", "", "", 0.0);
      ::shutdown(fd, 2);
      net::closeSocket(fd);
      return;
    }
    ++open;
    waiting.push_back(std::make_unique<Connection>(fd, limits.framing, now));
  }

  void checkDeadlines(ConnectionPtr& slot, Clock::time_point now) {
    Connection& c = *slot;
    if (c.closing) {
      if (now >= c.closeBy) {
        closeNow(c);
        slot.reset();
      }
    } else if (c.inRequest) {
      const auto& f = c.framer.current();
      if (now - c.requestStart >= limits.requestTimeout) {
        reject(c, 408, "request_timeout",
               "the request did not arrive within " +
                   std::to_string(limits.requestTimeout.count() / 1000) + " s",
               f.method, f.target, now);
      } else if (drainStarted && now - drainStart >= limits.drainTimeout) {
        reject(c, 503, "shutting_down", "the server is shutting down", f.method, f.target, now);
      }
    } else if (drainStarted || now - c.lastActivity >= limits.idleTimeout) {
      closeNow(c);  // idle keep-alive connection: closed without a word, as HTTP allows
      slot.reset();
    }
  }

  Clock::time_point nextDeadline(const Connection& c) const {
    if (c.closing) return c.closeBy;
    if (c.inRequest) {
      auto when = c.requestStart + limits.requestTimeout;
      if (drainStarted) when = std::min(when, drainStart + limits.drainTimeout);
      return when;
    }
    return c.lastActivity + limits.idleTimeout;
  }

  void compact() {
    waiting.erase(std::remove(waiting.begin(), waiting.end(), nullptr), waiting.end());
  }

  void pollLoop() {
    std::vector<pollfd> fds;
    while (true) {
      std::vector<socket_t> fresh;
      std::vector<ConnectionPtr> back;
      bool drain = false;
      {
        const std::lock_guard lock(mutex);
        fresh.swap(accepted);
        back.swap(returned);
        drain = draining;
      }
      auto now = Clock::now();
      if (drain && !drainStarted) {
        drainStarted = true;
        drainStart = now;
      }
      for (auto s : fresh) adopt(s, now);
      for (auto& c : back) {
        c->lastActivity = now;
        waiting.push_back(std::move(c));
        frame(waiting.back(), now);  // requests the client pipelined
      }
      if (drainStarted) {
        // Requests already in a socket's buffer were sent before the listening socket closed:
        // they are answered. Idle connections are closed.
        for (auto& c : waiting) {
          if (!c) continue;
          if (!receive(*c)) {
            closeNow(*c);
            c.reset();
            continue;
          }
          frame(c, now);
          if (c) checkDeadlines(c, now);
        }
        compact();
        const std::lock_guard lock(mutex);
        if (waiting.empty() && ready.empty() && working == 0 && returned.empty() &&
            accepted.empty()) {
          return;
        }
      }
      compact();

      fds.clear();
      fds.push_back({wake.pollable(), POLLIN, 0});
      int timeout = 1000;
      for (const auto& c : waiting) {
        fds.push_back({c->fd, POLLIN, 0});
        timeout = std::min(timeout, millisecondsUntil(nextDeadline(*c), now));
      }
      net::pollAll(fds, timeout);
      if (fds[0].revents != 0) wake.drain();
      now = Clock::now();
      const std::size_t polled = fds.size() - 1;  // connections adopted above come after
      for (std::size_t i = 0; i < polled; ++i) {
        auto& slot = waiting[i];
        if (fds[i + 1].revents != 0) {
          if (!receive(*slot)) {
            closeNow(*slot);
            slot.reset();
            continue;
          }
          frame(slot, now);
        }
        if (slot) checkDeadlines(slot, now);
      }
      compact();
    }
  }

  void workLoop() {
    while (true) {
      ConnectionPtr c;
      bool drain = false;
      {
        std::unique_lock lock(mutex);
        readyChanged.wait(lock, [this] { return !ready.empty() || finished; });
        if (ready.empty()) return;
        c = std::move(ready.front());
        ready.pop_front();
        ++working;
        drain = draining;
      }
      const bool closeAfter =
          drain || c->peerClosed || c->served + 1 >= limits.maxRequestsPerConnection;
      bool clientAskedToClose = false;
      bool answered = false;
      {
        RequestStream stream(*c, limits.writeTimeout);
        try {
          answered = server.process_request(stream, closeAfter, clientAskedToClose, nullptr) &&
                     !stream.failed();
        } catch (...) {  // the handlers catch their own; this is cpp-httplib itself failing
          answered = false;
        }
      }
      c->in.erase(0, c->requestBytes);
      c->requestBytes = 0;
      c->inRequest = false;
      c->continueSent = false;
      c->framer.reset();
      ++c->served;
      const bool keep = answered && !closeAfter && !clientAskedToClose;
      if (!keep) closeNow(*c);
      {
        const std::lock_guard lock(mutex);
        --working;
        if (keep) returned.push_back(std::move(c));
      }
      wake.signal();
    }
  }
};

BoundedHttpServer::BoundedHttpServer(ConnectionLimits limits)
    : impl_(std::make_unique<Impl>(*this, limits)) {
  new_task_queue = [] { return new InlineQueue; };
}

BoundedHttpServer::~BoundedHttpServer() = default;

void BoundedHttpServer::setRejectionHandler(std::function<void(const FrontEndRejection&)> handler) {
  impl_->onRejected = std::move(handler);
}

void BoundedHttpServer::setErrorBody(
    std::function<std::string(const std::string&, const std::string&)> body) {
  impl_->errorBody = std::move(body);
}

std::size_t BoundedHttpServer::openConnections() const {
  return impl_->open.load();
}

bool BoundedHttpServer::process_and_close_socket(socket_t sock) {
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->accepted.push_back(sock);
  }
  impl_->wake.signal();
  return true;
}

bool BoundedHttpServer::serve() {
  std::thread poller([this] { impl_->pollLoop(); });
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < std::max<std::size_t>(impl_->limits.workers, 1); ++i)
    workers.emplace_back([this] { impl_->workLoop(); });
  const bool ok = listen_after_bind();  // returns once stop() closed the listening socket
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->draining = true;
  }
  impl_->wake.signal();
  poller.join();  // ends once every received request is answered
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->finished = true;
  }
  impl_->readyChanged.notify_all();
  for (auto& worker : workers) worker.join();
  return ok;
}

}  // namespace tweetlab::serve
