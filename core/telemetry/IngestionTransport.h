#pragma once
// One POST {endpoint}/v2.1/track: the batch as newline-delimited envelopes
// (Content-Type: application/x-json-stream), gzip-compressed (Content-Encoding: gzip), over
// cpp-httplib (HTTPS through OpenSSL). No retry logic here: the client decides what an answer
// means (IngestionResponse.h).
#include <chrono>
#include <memory>
#include <mutex>
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
  std::string retryAfter;  // raw Retry-After header
  std::string error;       // why there was no answer
};

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

 private:
  std::string schemeHostPort_;
  std::string path_;
  TransportOptions options_;
  std::mutex clientMutex_;  // guards client_ (abort() vs post() creating it)
  std::shared_ptr<httplib::Client> client_;
};

}  // namespace tweetlab::telemetry
