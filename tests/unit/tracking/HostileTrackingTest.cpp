// Issue #15: the run store and `sync` against what goes wrong outside TweetLab — a tracking
// server that accepts connections and never answers, a process killed while it wrote a bundle.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/common/Platform.h"
#include "core/tracking/MlflowClient.h"
#include "core/tracking/MlflowPush.h"
#include "core/tracking/RunStore.h"
#include "tests/support/TempDir.h"

namespace tweetlab::tracking {
namespace {

using testing::TempDir;

// Accepts every connection, reads what comes, never answers: a hung server behind a proxy.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
      ::close(fd_);
      throw std::runtime_error("SilentServer: cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int client = ::accept(fd_, nullptr, nullptr);
        if (client >= 0) {
          ++accepted_;
          clients_.push_back(client);
        }
      }
    });
  }
  ~SilentServer() {
    stop_ = true;
    thread_.join();
    for (int c : clients_) ::close(c);
    ::close(fd_);
  }
  std::string uri() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int accepted() const { return accepted_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::vector<int> clients_;
  std::thread thread_;
};

RunRecord finishedRun(const std::string& name) {
  RunRecord r;
  r.id = newRunId();
  r.runName = name;
  r.status = RunStatus::Finished;
  r.startTimeMs = nowMs();
  r.endTimeMs = r.startTimeMs + 1000;
  r.params = {{"model.family", "logreg"}};
  r.metrics = {{"accuracy", 0.75}};
  r.pid = 1;
  r.host = platform::hostName();
  return r;
}

// Item 10: `sync` to a silent server took 65 s per pending run (every call waited the read
// timeout, then retried, for every run). Now one call waits, and the other runs stay queued.
TEST(HostileTracking, SyncToASilentServerWaitsOneTimeoutNotOnePerRun) {
  SilentServer server;
  TempDir dir;
  RunStore store(dir.path());
  for (const auto* name : {"a", "b", "c"}) {
    const auto r = finishedRun(name);
    store.save(r);
    store.queuePush(r.id, server.uri());
  }
  MlflowConfig config;
  config.trackingUri = server.uri();
  config.timeoutSeconds = 1;
  config.maxRetries = 2;
  MlflowClient client(config);
  const auto report = syncPending(store, client, /*force=*/true);
  EXPECT_EQ(report.pushed, 0);
  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(report.notTried, 2);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].find("did not answer"), std::string::npos) << report.errors[0];
  // One request: no retry after a full timeout, no other run tried.
  EXPECT_EQ(client.requestCount(), 1u);
  EXPECT_EQ(server.accepted(), 1);
  EXPECT_EQ(store.pendingPushes().size(), 3u);  // nothing lost: all three are still queued
}

// Item 9: a kill -9 while a bundle was written left model.partial-<pid>/ in the run's artifacts.
TEST(HostileTracking, ABundleHalfWrittenByAKilledProcessIsRemovedWhenTheStoreOpens) {
  TempDir dir;
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    RunStore store(dir.path());
    RunRecord r;
    r.runName = "killed while saving";
    store.beginRun(r);
    const auto partial = store.artifactDir(r.id) / ("model.partial-" + std::to_string(::getpid()));
    std::filesystem::create_directories(partial / "model");
    std::ofstream(partial / "model" / "weights.pt") << "half";
    std::filesystem::create_directories(store.artifactDir(r.id) / "plots");
    std::ofstream(store.artifactDir(r.id) / "plots" / "history.png") << "png";
    [[maybe_unused]] auto written = ::write(fds[1], r.id.data(), r.id.size());
    ::_exit(0);  // SIGKILL as far as the store can tell: the run stays RUNNING
  }
  ::close(fds[1]);
  char buffer[64] = {};
  const auto n = ::read(fds[0], buffer, sizeof buffer);
  ::close(fds[0]);
  ::waitpid(child, nullptr, 0);
  ASSERT_EQ(n, 32);
  const std::string id(buffer, 32);

  RunStore store(dir.path());
  EXPECT_EQ(store.get(id)->status, RunStatus::Failed);
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(store.artifactDir(id)))
    left.push_back(entry.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"plots"});  // what was finished stays
}

}  // namespace
}  // namespace tweetlab::tracking
