#pragma once
// Plain sockets for tests that must send what no HTTP client library would: half requests,
// trickled bytes, header floods, chunked bodies, pipelined requests.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace tweetlab::serve::testing {

// A connected loopback socket, or -1.
inline int connectTo(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends everything; false when the peer is gone.
inline bool trySend(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

inline void sendAll(int fd, const std::string& bytes) {
  ASSERT_TRUE(trySend(fd, bytes));
}

// Everything until the peer closes (or 10 s pass: only so that a regression fails, not hangs).
inline std::string receiveAll(int fd) {
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string out;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
    out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

// One HTTP/1.1 response with a Content-Length body, leaving the connection open; "" when the
// connection closed first.
inline std::string receiveOne(int fd) {
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string out;
  char c = 0;
  while (out.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) out += c;
  const auto at = out.find("Content-Length: ");
  if (at == std::string::npos) return out;
  std::size_t remaining = std::stoul(out.substr(at + 16));
  char buffer[4096];
  while (remaining > 0) {
    const auto n = ::recv(fd, buffer, std::min(remaining, sizeof buffer), 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
    remaining -= static_cast<std::size_t>(n);
  }
  return out;
}

// The status code of a response, 0 when there is none.
inline int statusOf(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

inline std::string postHead(const std::string& path, std::size_t length,
                            const std::string& extra = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(length) + "\r\n" + extra + "\r\n";
}

}  // namespace tweetlab::serve::testing
