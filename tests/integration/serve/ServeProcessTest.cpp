// The real tweetlab-serve binary as a process: start-up from flags and environment, graceful
// SIGTERM with requests in flight, no acknowledged feedback lost, the MLflow model source.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/telemetry/FeedbackLog.h"
#include "tests/integration/serve/MiniMlflowServer.h"
#include "tests/integration/serve/RawHttp.h"
#include "tests/integration/serve/ServeHarness.h"

extern char** environ;

namespace tweetlab::serve {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class ServeProcess {
 public:
  ServeProcess(const std::vector<std::string>& args, const std::filesystem::path& logFile,
               const std::vector<std::string>& extraEnv = {})
      : logFile_(logFile) {
    std::vector<std::string> argvStrings{TWEETLAB_SERVE_BINARY};
    argvStrings.insert(argvStrings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argvStrings) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> envStrings(extraEnv);
    for (char** e = environ; *e != nullptr; ++e) envStrings.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : envStrings) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, logFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + std::string(argv[0]));
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // The first log line whose "msg" is `msg`; fails after 20 s.
  json waitForLog(const std::string& msg) const {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(logFile_);
      std::string line;
      while (std::getline(in, line)) {
        const auto j = json::parse(line, nullptr, false);
        if (j.is_object() && j.value("msg", "") == msg) return j;
      }
      std::this_thread::sleep_for(10ms);
    }
    ADD_FAILURE() << "no log line \"" << msg << "\" in " << log();
    return json::object();
  }
  int port() const { return waitForLog("listening").value("port", 0); }
  std::string log() const {
    std::ifstream in(logFile_);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  void signal(int sig) const { ::kill(pid_, sig); }
  // Exit status, or -1 when it died from a signal / did not exit within 20 s.
  int wait() {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(10ms);
    }
    return -1;
  }

 private:
  std::filesystem::path logFile_;
  pid_t pid_ = -1;
};

using testing::connectTo;
using testing::receiveAll;
using testing::receiveOne;
using testing::sendAll;

class ServeProcessTest : public ::testing::Test {
 protected:
  std::vector<std::string> bundleArgs() const {
    return {"--bundle",       testing::sampleBundle().string(),  "--port", "0", "--threads", "8",
            "--feedback-log", (dir_ / "feedback.jsonl").string()};
  }
  tweetlab::testing::TempDir dir_;
};

TEST_F(ServeProcessTest, SigtermFinishesTheRequestInFlightRefusesNewOnesAndExitsZero) {
  ServeProcess serve(bundleArgs(), dir_ / "serve.log");
  const int port = serve.port();
  serve.waitForLog("model loaded");

  // A keep-alive client: its first request proves a worker owns the connection; the second is
  // half sent when the signal arrives.
  const std::string body = R"({"text":"what a lovely morning for a walk"})";
  const std::string head =
      "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n";
  const int fd = connectTo(port);
  ASSERT_GE(fd, 0);
  sendAll(fd, head + "\r\n" + body);
  ASSERT_EQ(receiveOne(fd).rfind("HTTP/1.1 200", 0), 0u);
  sendAll(fd, head + "Connection: close\r\n\r\n" + body.substr(0, 12));
  std::this_thread::sleep_for(100ms);  // the worker polls its keep-alive socket every 10 ms
  serve.signal(SIGTERM);
  serve.waitForLog("shutting down");
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(connectTo(port), -1) << "the listening socket should be closed";

  sendAll(fd, body.substr(12));
  const auto response = receiveAll(fd);
  ::close(fd);
  EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  EXPECT_NE(response.find("\"sentiment\""), std::string::npos);
  EXPECT_EQ(serve.wait(), 0) << serve.log();
  serve.waitForLog("stopped");
}

TEST_F(ServeProcessTest, ShutdownUnderLoadLosesNoAcknowledgedFeedback) {
  ServeProcess serve(bundleArgs(), dir_ / "serve.log");
  const int port = serve.port();
  serve.waitForLog("model loaded");

  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<bool> stopSending{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(10, 0);
      for (int i = 0; !stopSending; ++i) {
        const json feedback{{"text", "tweet " + std::to_string(t) + "-" + std::to_string(i)},
                            {"predicted", i % 2 ? "positive" : "negative"},
                            {"score", 0.75},
                            {"accepted", i % 3 == 0}};
        const auto res = c.Post("/feedback", feedback.dump(), "application/json");
        if (!res) {
          const int probe = connectTo(port);
          if (probe < 0) return;  // the server is gone
          ::close(probe);
          continue;
        }
        if (res->status == 201) {
          const std::lock_guard lock(mutex);
          acknowledged.insert(json::parse(res->body)["id"].get<std::string>());
        }
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      const std::lock_guard lock(mutex);
      if (acknowledged.size() >= 60) break;
    }
    std::this_thread::sleep_for(5ms);
  }
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait(), 0) << serve.log();
  stopSending = true;
  for (auto& c : clients) c.join();

  const auto contents = telemetry::FeedbackLog::readAll(dir_ / "feedback.jsonl");
  std::set<std::string> stored;
  for (const auto& r : contents.records) stored.insert(r.id);
  EXPECT_GE(acknowledged.size(), 60u);
  for (const auto& id : acknowledged)
    EXPECT_EQ(stored.count(id), 1u) << "acknowledged but not stored: " << id;
  EXPECT_EQ(contents.skippedLines, 0u);
}

TEST_F(ServeProcessTest, ServesARegisteredModelDownloadedFromMlflowWithAnApiKeyFromTheEnvironment) {
  tweetlab::testing::TempDir artifacts;
  const std::string run = "1/9dab6524a20b4116bf42c4c2edbf5d46/artifacts";
  std::filesystem::create_directories(artifacts / run);
  std::filesystem::copy(testing::sampleBundle(), artifacts / (run + "/model"),
                        std::filesystem::copy_options::recursive);
  testing::MiniMlflowServer mlflow(artifacts.path());
  mlflow.addVersion("tweet-sentiment", "4", "mlflow-artifacts:/" + run + "/model");
  mlflow.setAlias("tweet-sentiment", "champion", "4");

  ServeProcess serve({"--model", "models:/tweet-sentiment@champion", "--port", "0", "--model-cache",
                      (dir_ / "cache").string(), "--api-key-env", "SERVE_TEST_KEY",
                      "--feedback-log", (dir_ / "feedback.jsonl").string()},
                     dir_ / "serve.log",
                     {"MLFLOW_TRACKING_URI=" + mlflow.uri(), "SERVE_TEST_KEY=tester-key-123"});
  const int port = serve.port();
  serve.waitForLog("model loaded");
  httplib::Client c("127.0.0.1", port);
  EXPECT_EQ(c.Post("/predict", R"({"text":"nice"})", "application/json")->status, 401);
  const auto res = c.Post("/predict", {{"X-API-Key", "tester-key-123"}}, R"({"text":"nice"})",
                          "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["model"], (json{{"name", "tweet-sentiment"}, {"version", "4"}}));
  EXPECT_EQ(json::parse(c.Get("/version")->body)["model"]["source"],
            "models:/tweet-sentiment@champion");
  serve.signal(SIGINT);
  EXPECT_EQ(serve.wait(), 0);
  EXPECT_EQ(serve.log().find("tester-key-123"), std::string::npos)
      << "the API key must never be logged";
}

TEST_F(ServeProcessTest, AModelThatCannotLoadExitsNonZeroWithTheReason) {
  ServeProcess serve({"--bundle", (dir_ / "missing-bundle").string(), "--port", "0",
                      "--feedback-log", (dir_ / "feedback.jsonl").string()},
                     dir_ / "serve.log");
  EXPECT_EQ(serve.wait(), 1);
  EXPECT_NE(serve.waitForLog("cannot load the model").value("error", "").find("manifest.json"),
            std::string::npos);
}

// Issue #15 item 7: a model that would not finish loading (there: a manifest naming a FIFO)
// left tweetlab-serve deaf to SIGTERM. Here the MLflow server accepts the connection and never
// answers: the download waits, SIGTERM still ends the process at once.
TEST_F(ServeProcessTest, SigtermWhileTheModelIsStillLoadingExitsAtOnce) {
  const int silent = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(silent, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(silent, 8), 0);  // connections are accepted by the kernel, never answered
  socklen_t length = sizeof addr;
  ::getsockname(silent, reinterpret_cast<sockaddr*>(&addr), &length);
  ServeProcess serve(
      {"--model", "models:/tweet-sentiment/1", "--mlflow-uri",
       "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)), "--port", "0", "--model-cache",
       (dir_ / "cache").string(), "--feedback-log", (dir_ / "feedback.jsonl").string()},
      dir_ / "serve.log");
  const int port = serve.port();
  serve.waitForLog("downloading model");
  httplib::Client c("127.0.0.1", port);
  EXPECT_EQ(c.Get("/ready")->status, 503);
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait(), 0) << serve.log();
  serve.waitForLog("stopped while the model was loading");
  ::close(silent);
}

TEST_F(ServeProcessTest, BadFlagsExitWithUsageError) {
  ServeProcess serve({"--bundle", "x", "--port", "eighty"}, dir_ / "serve.log");
  EXPECT_EQ(serve.wait(), 2);
  EXPECT_NE(serve.log().find("--port"), std::string::npos);
}

}  // namespace
}  // namespace tweetlab::serve
