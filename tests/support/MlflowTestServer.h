#pragma once
// An MLflow 2.17 tracking server stand-in for tests: real HTTP on 127.0.0.1 (cpp-httplib), state
// in memory, and the recorded contract enforced (tests/support/MlflowContract.md): it answers and
// rejects the way the real server did in the capture - missing/wrong Content-Type, malformed JSON,
// unknown runs/experiments/models, changed param values, duplicate param keys, batch limits,
// bad metric names, '..' in artifact paths, 404/405 HTML pages for unknown endpoints/methods.
//
// Tests can stop and restart it (same port) and make it fail the next N requests with a 5xx.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace tweetlab::testing {

class MlflowTestServer {
 public:
  struct Metric {
    std::string key;
    double value;  // NaN/inf as sent ("NaN", "Infinity")
    std::int64_t timestamp;
    std::int64_t step;
    bool operator==(const Metric&) const = default;
  };
  struct Run {
    std::string id, experimentId, runName, userId, status = "RUNNING", lifecycle = "active";
    std::int64_t startTime = 0, endTime = 0;
    std::map<std::string, std::string> params, tags;
    std::vector<Metric> metrics;  // every logged point (exact duplicates kept once)
    std::vector<nlohmann::json> inputs;
  };
  struct Request {
    std::string method, path;
    int status;
  };

  MlflowTestServer();  // starts listening on a free loopback port
  // HTTPS with the given PEM certificate and key (uri() then starts with https://).
  MlflowTestServer(const std::string& certFile, const std::string& keyFile);
  ~MlflowTestServer();
  MlflowTestServer(const MlflowTestServer&) = delete;
  MlflowTestServer& operator=(const MlflowTestServer&) = delete;

  std::string uri() const;  // http://127.0.0.1:<port>
  int port() const { return port_; }
  void stop();   // closes the socket: clients get "connection refused"
  void start();  // listens again on the same port, state kept

  // After `skip` more requests pass, the next `count` requests get HTTP `status` with an
  // INTERNAL_ERROR body (and change nothing).
  void failNext(int count, int status = 503, int skip = 0);

  // Snapshots for assertions.
  std::vector<Run> runs() const;
  std::vector<std::string> experimentNames() const;
  std::map<std::string, std::string> artifacts() const;  // "1/<run>/artifacts/plots/x.png" -> bytes
  std::vector<nlohmann::json> modelVersions() const;
  std::vector<Request> requests() const;
  std::string lastAuthorization() const;  // Authorization header of the last request
  int count(const std::string& method, const std::string& pathSuffix) const;

 private:
  void handle(const httplib::Request& req, httplib::Response& res);
  void listen();
  void create();
  std::string certFile_, keyFile_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace tweetlab::testing
