#pragma once
// A TrainObserver for tests: records what it is told and can ask to stop after N progress calls.
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "core/train/TrainObserver.h"

namespace tweetlab::testing {

class RecordingObserver : public train::TrainObserver {
 public:
  explicit RecordingObserver(long stopAfterProgressCalls = -1)
      : stopAfter_(stopAfterProgressCalls) {}
  void epochEnded(const train::HistoryRow& row) override {
    std::lock_guard lock(mutex_);
    epochs.push_back(row);
  }
  void progress(std::size_t done, std::size_t total) override {
    ++progressCalls;
    lastDone = done;
    lastTotal = total;
  }
  void status(std::string_view message) override {
    std::lock_guard lock(mutex_);
    statuses.emplace_back(message);
  }
  bool stopRequested() const override {
    return stopAfter_ >= 0 && progressCalls.load() >= stopAfter_;
  }

  std::vector<train::HistoryRow> epochs;
  std::vector<std::string> statuses;
  std::atomic<long> progressCalls{0};
  std::atomic<std::size_t> lastDone{0}, lastTotal{0};

 private:
  long stopAfter_;
  std::mutex mutex_;
};

}  // namespace tweetlab::testing
