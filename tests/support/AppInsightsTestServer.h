#pragma once
// An Application Insights ingestion stand-in for tests: real HTTP on 127.0.0.1 (cpp-httplib) that
// enforces what tests/data/appinsights/PROTOCOL.md says the service checks, and answers the way
// the service does (see AppInsightsContract.md next to this file):
//  - only POST /v2.1/track; Content-Type application/x-json-stream (newline-delimited) or
//    application/json (array); Content-Encoding: gzip required (our client always compresses,
//    like SDK 2.x); decoded body at most maxBodyBytes;
//  - per envelope: ver 1, name, time (UTC "YYYY-MM-DDTHH:MM:SS.mmmZ", not older than 48 h, not more
//    than 2 h ahead), iKey present and known, data.baseType + baseData (MessageData: ver 2, message
//    <= 32,768 chars, severityLevel 0-4 or its name; EventData: ver 2, name <= 512 chars),
//    properties string->string (key <= 150, value <= 8,192), measurements string->number,
//    tags string->string;
//  - all valid: 200 {itemsReceived, itemsAccepted, errors: []}; some invalid: 206 with
//    errors[{index, statusCode: 400, message}]; none valid: 400 with the same body.
// Tests can script the next answers (429 + Retry-After, 500, 503, a 206 body such as the captured
// response_206_example.json, a 307/308 with a Location), redirect every request to the usual path
// elsewhere (an endpoint that moved: any path ending in /v2.1/track is served), stop the server
// (connection refused) and start it again on the same port, and hold requests inside the handler (a
// stalled service) until released.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace tweetlab::testing {

inline constexpr const char* kTestInstrumentationKey = "11111111-2222-3333-4444-555555555555";

class AppInsightsTestServer {
 public:
  struct Answer {
    int status = 200;
    nlohmann::json body;     // for 206: {errors: [...]} decides which items fail
    std::string retryAfter;  // Retry-After header, "" for none
    std::string location{};  // Location header (3xx), "" for none
  };
  // NOLINTNEXTLINE(bugprone-exception-escape): clang-tidy 16 blames the implicit noexcept
  // members of this plain struct for what nlohmann::json's own members may throw.
  struct RequestLog {
    int status = 0;
    std::size_t items = 0;
    std::string path;
    std::string contentType, contentEncoding;
    nlohmann::json responseBody;
  };

  explicit AppInsightsTestServer(std::set<std::string> knownKeys = {kTestInstrumentationKey});
  ~AppInsightsTestServer();
  AppInsightsTestServer(const AppInsightsTestServer&) = delete;
  AppInsightsTestServer& operator=(const AppInsightsTestServer&) = delete;

  std::string endpoint() const;  // http://127.0.0.1:<port>
  std::string connectionString(const std::string& key = kTestInstrumentationKey) const;
  int port() const { return port_; }

  void stop();   // connection refused until start()
  void start();  // same port, accepted items kept

  // The next valid requests get these answers instead of 200 (one each, in order).
  void script(Answer answer, int times = 1);
  // Every request to /v2.1/track is answered `status` with Location `location` (before its body
  // is looked at, like the service's front door); {0, ""} ends it. Other .../v2.1/track paths are
  // served as usual, so a Location of "/moved/v2.1/track" is a working new endpoint.
  void redirectAll(int status, std::string location);
  // Requests block inside the handler until release() (a stalled service).
  void hold();
  void release();
  // Blocks until a request is held (or `timeout`); false on timeout.
  bool waitUntilHeld(std::chrono::milliseconds timeout);

  // Blocks until at least `n` items were accepted in all (or `timeout`); false on timeout.
  bool waitForAccepted(std::size_t n, std::chrono::milliseconds timeout);
  bool waitForRequests(std::size_t n, std::chrono::milliseconds timeout);

  std::vector<nlohmann::json> accepted() const;  // every accepted envelope, in arrival order
  // When each accepted envelope arrived (what KQL's ingestion_time() returns), same order.
  std::vector<std::chrono::system_clock::time_point> acceptedAt() const;
  std::vector<RequestLog> requests() const;
  std::size_t maxBodyBytes = 1024 * 1024;

 private:
  void handle(const httplib::Request& req, httplib::Response& res);
  void listen();
  std::set<std::string> knownKeys_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Answer> script_;
  int redirectStatus_ = 0;
  std::string redirectLocation_;
  bool holding_ = false;
  std::size_t held_ = 0;
  std::vector<nlohmann::json> accepted_;
  std::vector<std::chrono::system_clock::time_point> acceptedAt_;
  std::vector<RequestLog> requests_;
};

// Checks one envelope against the contract; "" when valid, else the service-style message.
std::string validateEnvelope(const nlohmann::json& envelope, const std::set<std::string>& knownKeys,
                             std::chrono::system_clock::time_point now);

}  // namespace tweetlab::testing
