#include "app/cli/TerminalObserver.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "core/common/Platform.h"

namespace tweetlab::cli {
namespace {

std::atomic<bool> interrupted{false};

void onInterrupt(int) {
  if (interrupted.exchange(true)) std::_Exit(130);
}

}  // namespace

TerminalObserver::TerminalObserver(bool quiet)
    : quiet_(quiet),
      tty_(platform::stderrIsTerminal()),
      phaseStart_(std::chrono::steady_clock::now()) {}

TerminalObserver::~TerminalObserver() {
  std::lock_guard lock(mutex_);
  clearLine();
}

void TerminalObserver::installInterruptHandler() {
  std::signal(SIGINT, &onInterrupt);
  // What Slurm's scancel (and a job's time limit) sends first: the run is tracked as KILLED with
  // the epochs it had, and a data-parallel run's other ranks stop at the same batch.
  std::signal(SIGTERM, &onInterrupt);
}

void TerminalObserver::clearLine() {
  if (barShown_) {
    std::cerr << "\r\033[K" << std::flush;
    barShown_ = false;
  }
}

void TerminalObserver::status(std::string_view message) {
  std::lock_guard lock(mutex_);
  status_ = std::string(message);
  phaseStart_ = std::chrono::steady_clock::now();
  if (quiet_) return;
  clearLine();
  std::cerr << "· " << message << "\n" << std::flush;
}

void TerminalObserver::epochEnded(const train::HistoryRow& row) {
  std::lock_guard lock(mutex_);
  if (quiet_) return;
  clearLine();
  char line[160];
  std::snprintf(
      line, sizeof line,
      "  epoch %3d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  val_auc %.4f  (%.1fs)",
      row.epoch, row.loss, row.accuracy, row.valLoss, row.valAccuracy, row.valAuc, row.seconds);
  std::cerr << line << "\n" << std::flush;
}

void TerminalObserver::progress(std::size_t done, std::size_t total) {
  if (quiet_ || !tty_ || total == 0) return;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - lastDraw_ < std::chrono::milliseconds(100)) return;
  lastDraw_ = now;
  const double fraction = static_cast<double>(done) / static_cast<double>(total);
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  const double elapsed = std::chrono::duration<double>(now - phaseStart_).count();
  std::string eta = train::remainingTime(fraction, elapsed);
  if (eta.empty()) eta = "--";
  char line[128];
  std::snprintf(line, sizeof line, "\r  [%s] %3d%%  ETA %s ", bar.c_str(),
                static_cast<int>(fraction * 100.0), eta.c_str());
  std::cerr << line << std::flush;
  barShown_ = true;
}

bool TerminalObserver::stopRequested() const {
  return interrupted.load();
}

}  // namespace tweetlab::cli
