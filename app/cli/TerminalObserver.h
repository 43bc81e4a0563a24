#pragma once
// The CLI's TrainObserver: a progress bar with ETA on stderr when it is a terminal, plain status
// lines otherwise (CI logs), and Ctrl-C as a clean cancel.
#include <chrono>
#include <mutex>
#include <string>

#include "core/train/TrainObserver.h"

namespace tweetlab::cli {

class TerminalObserver final : public train::TrainObserver {
 public:
  explicit TerminalObserver(bool quiet = false);
  ~TerminalObserver() override;

  void epochEnded(const train::HistoryRow& row) override;
  void progress(std::size_t done, std::size_t total) override;
  void status(std::string_view message) override;
  bool stopRequested() const override;

  // Installs a SIGINT and SIGTERM handler that makes stopRequested() true (a second one kills).
  static void installInterruptHandler();

 private:
  void clearLine();

  bool quiet_;
  bool tty_;
  mutable std::mutex mutex_;
  std::string status_;
  std::chrono::steady_clock::time_point phaseStart_;
  std::chrono::steady_clock::time_point lastDraw_{};
  bool barShown_ = false;
};

}  // namespace tweetlab::cli
