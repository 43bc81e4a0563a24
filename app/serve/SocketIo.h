#pragma once
// The few socket calls the serving front end makes, non-blocking, for POSIX and Winsock alike
// (socket_t, INVALID_SOCKET and the socket headers come with cpp-httplib's header).
#include <httplib.h>

#include <cstddef>
#include <string>
#include <vector>

#ifndef _WIN32
#include <poll.h>
#endif

namespace tweetlab::serve::net {

enum class Io { Done, WouldBlock, Closed, Failed };

bool setNonBlocking(socket_t socket);
void closeSocket(socket_t socket);
void shutdownWrite(socket_t socket);
// recv: Done with `got` > 0, Closed on an orderly close, WouldBlock, or Failed.
Io receive(socket_t socket, char* buffer, std::size_t size, std::size_t& got);
// send without SIGPIPE: Done with `sent` > 0, WouldBlock, or Failed.
Io sendSome(socket_t socket, const char* data, std::size_t size, std::size_t& sent);
// Waits up to `timeoutMs` for the socket to be writable; false on timeout or error.
bool waitWritable(socket_t socket, int timeoutMs);
// poll() / WSAPoll(); returns the number of ready entries, 0 on timeout, < 0 on error.
int pollAll(std::vector<pollfd>& fds, int timeoutMs);
// "ip", port of the peer or of the local end; empty/0 when unknown.
void peerAddress(socket_t socket, std::string& ip, int& port);
void localAddress(socket_t socket, std::string& ip, int& port);

// Wakes a thread blocked in pollAll(): a socket pair (a pipe cannot be polled on Windows).
class WakeUp {
 public:
  WakeUp();
  ~WakeUp();
  WakeUp(const WakeUp&) = delete;
  WakeUp& operator=(const WakeUp&) = delete;
  socket_t pollable() const { return read_; }
  void signal();  // thread-safe, never blocks
  void drain();

 private:
  socket_t read_ = INVALID_SOCKET;
  socket_t write_ = INVALID_SOCKET;
};

}  // namespace tweetlab::serve::net
