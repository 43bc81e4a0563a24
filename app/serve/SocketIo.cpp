#include "app/serve/SocketIo.h"

#include <cerrno>
#include <stdexcept>

#ifndef _WIN32
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace tweetlab::serve::net {
namespace {

#ifdef _WIN32
bool wouldBlock() {
  const int e = ::WSAGetLastError();
  return e == WSAEWOULDBLOCK || e == WSAEINTR;
}
#else
bool wouldBlock() {
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}
#endif

void describe(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[64] = {};
  if (address.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    port = ntohs(in->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    port = ntohs(in6->sin6_port);
  }
  ip = text;
}

}  // namespace

bool setNonBlocking(socket_t socket) {
#ifdef _WIN32
  u_long on = 1;
  return ::ioctlsocket(socket, FIONBIO, &on) == 0;
#else
  const int flags = ::fcntl(socket, F_GETFL, 0);
  return flags >= 0 && ::fcntl(socket, F_SETFL, flags | O_NONBLOCK) == 0;
#endif
}

void closeSocket(socket_t socket) {
#ifdef _WIN32
  ::closesocket(socket);
#else
  ::close(socket);
#endif
}

void shutdownWrite(socket_t socket) {
#ifdef _WIN32
  ::shutdown(socket, SD_SEND);
#else
  ::shutdown(socket, SHUT_WR);
#endif
}

Io receive(socket_t socket, char* buffer, std::size_t size, std::size_t& got) {
#ifdef _WIN32
  const auto n = ::recv(socket, buffer, static_cast<int>(size), 0);
#else
  const auto n = ::recv(socket, buffer, size, 0);
#endif
  if (n > 0) {
    got = static_cast<std::size_t>(n);
    return Io::Done;
  }
  if (n == 0) return Io::Closed;
  return wouldBlock() ? Io::WouldBlock : Io::Failed;
}

Io sendSome(socket_t socket, const char* data, std::size_t size, std::size_t& sent) {
#ifdef _WIN32
  const auto n = ::send(socket, data, static_cast<int>(size), 0);
#else
  const auto n = ::send(socket, data, size, MSG_NOSIGNAL);
#endif
  if (n > 0) {
    sent = static_cast<std::size_t>(n);
    return Io::Done;
  }
  return n < 0 && wouldBlock() ? Io::WouldBlock : Io::Failed;
}

bool waitWritable(socket_t socket, int timeoutMs) {
  std::vector<pollfd> fds{{socket, POLLOUT, 0}};
  return pollAll(fds, timeoutMs) > 0 && (fds[0].revents & POLLOUT) != 0;
}

int pollAll(std::vector<pollfd>& fds, int timeoutMs) {
#ifdef _WIN32
  return ::WSAPoll(fds.data(), static_cast<ULONG>(fds.size()), timeoutMs);
#else
  int n;
  do {
    n = ::poll(fds.data(), fds.size(), timeoutMs);
  } while (n < 0 && errno == EINTR);
  return n;
#endif
}

void peerAddress(socket_t socket, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(socket, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    describe(address, ip, port);
}

void localAddress(socket_t socket, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    describe(address, ip, port);
}

WakeUp::WakeUp() {
#ifdef _WIN32
  // A connected pair over loopback: Winsock has no socketpair().
  const socket_t listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int length = sizeof address;
  if (listener == INVALID_SOCKET ||
      ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener, 1) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("cannot create the server's wake-up socket");
  }
  write_ = ::socket(AF_INET, SOCK_STREAM, 0);
  ::connect(write_, reinterpret_cast<sockaddr*>(&address), sizeof address);
  read_ = ::accept(listener, nullptr, nullptr);
  ::closesocket(listener);
#else
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    throw std::runtime_error("cannot create the server's wake-up socket");
  read_ = pair[0];
  write_ = pair[1];
#endif
  if (read_ == INVALID_SOCKET || write_ == INVALID_SOCKET)
    throw std::runtime_error("cannot create the server's wake-up socket");
  setNonBlocking(read_);
  setNonBlocking(write_);
}

WakeUp::~WakeUp() {
  closeSocket(read_);
  closeSocket(write_);
}

void WakeUp::signal() {
  const char byte = 1;
  std::size_t sent = 0;
  sendSome(write_, &byte, 1, sent);  // a full buffer already means "wake up"
}

void WakeUp::drain() {
  char buffer[256];
  std::size_t got = 0;
  while (receive(read_, buffer, sizeof buffer, got) == Io::Done) {
  }
}

}  // namespace tweetlab::serve::net
