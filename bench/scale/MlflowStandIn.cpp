// The tests' MLflow 2.17 contract server (tests/support/MlflowTestServer.h) as a process: prints
// its URI on the first line, serves until SIGTERM/SIGINT, then prints how many runs it received
// and in which states.
#include <csignal>
#include <iostream>
#include <map>

#include "tests/support/MlflowTestServer.h"

int main() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // the server's threads inherit the mask
  tweetlab::testing::MlflowTestServer server;
  std::cout << server.uri() << std::endl;
  int received = 0;
  sigwait(&stop, &received);
  std::map<std::string, int> states;
  for (const auto& run : server.runs()) ++states[run.status];
  std::cerr << "mlflow stand-in: " << server.runs().size() << " runs";
  for (const auto& [state, n] : states) std::cerr << ", " << n << " " << state;
  std::cerr << "\n";
  return 0;
}
