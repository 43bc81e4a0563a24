#pragma once
// One POST {endpoint}/v2.1/track: the batch as newline-delimited envelopes
// (Content-Type: application/x-json-stream), gzip-compressed (Content-Encoding: gzip), over
// cpp-httplib (HTTPS through OpenSSL). No retry logic here: the client decides what an answer
// means (IngestionResponse.h).
//
// Redirects are followed like Microsoft's SDKs do: a 307 or 308 with a Location (absolute or
// relative to the URL that answered) is sent again to that place with the same method and body,
// at most kMaxRedirects hops per post. A 308 is permanent: the rest of the process posts to the
// new URL directly (TransportResponse::movedTo says when that happened). A redirect that cannot be
// followed (no Location, too many hops, not http(s)) comes back as the 3xx with `error` set.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace httplib {
class Client;
}

namespace tweetlab::telemetry {

struct TransportOptions {
  std::chrono::milliseconds connectTimeout{5000};
  std::chrono::milliseconds requestTimeout{10000};  // read and write, each
  std::string caCertPath;  // extra CA bundle for HTTPS (empty: the system's)
};

struct TransportResponse {
  int status = 0;  // 0: no HTTP answer (refused, timeout, aborted, TLS)
  std::string body;
  std::string retryAfter;             // raw Retry-After header
  std::string error;                  // why there was no answer, or why a redirect was not followed
  bool untrustedCertificate = false;  // status 0 because the server's certificate was refused
  std::string movedTo;                // a 308 on this post moved the endpoint here for good
};

inline constexpr int kMaxRedirects = 5;

// Where `location` (a Location header) points, seen from `url`; nullopt when it is not an
// http(s) URL or a reference relative to one.
std::optional<std::string> resolveLocation(const std::string& url, const std::string& location);

class IngestionTransport {
 public:
  // `trackUrl` is ConnectionString::trackUrl(); InputError when it is not http(s)://host[:port]/...
  IngestionTransport(const std::string& trackUrl, TransportOptions options);
  ~IngestionTransport();
  IngestionTransport(const IngestionTransport&) = delete;
  IngestionTransport& operator=(const IngestionTransport&) = delete;

  TransportResponse post(const std::vector<std::string>& envelopes);

  // From another thread: makes an in-flight post() return at once with status 0 (shutdown).
  void abort();

  // Where posts go now (the configured URL, or where a 308 moved it).
  std::string url() const;

 private:
  struct Target {
    std::string schemeHostPort, path;
  };
  TransportResponse postOnce(const Target& target, const std::string& compressed);
  std::shared_ptr<httplib::Client> clientFor(const std::string& schemeHostPort);

  TransportOptions options_;
  mutable std::mutex mutex_;  // guards target_ and the clients (abort() vs post())
  Target target_;
  std::shared_ptr<httplib::Client> client_;  // for target_
  std::shared_ptr<httplib::Client> detour_;  // for the host a 307 sent us to
  std::string detourHost_;
};

}  // namespace tweetlab::telemetry
