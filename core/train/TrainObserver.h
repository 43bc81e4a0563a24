#pragma once
// How long work reports to whoever started it. The GUI adapts this to QPromise (progress, cancel),
// the CLI to a terminal progress bar, tests to recorders. Implementations must be thread-safe:
// models call them from worker threads.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "core/train/History.h"

namespace tweetlab::train {

class TrainObserver {
 public:
  virtual ~TrainObserver() = default;
  // One row of per-epoch history (models trained in epochs only).
  virtual void epochEnded(const HistoryRow& row) {}
  // Loss of one mini-batch (models trained in batches); feeds the smoothed per-batch curve.
  virtual void batchEnded(std::size_t batch, double loss) {}
  // Units of work done out of total (batches, CV fits, ...); total may change between phases.
  virtual void progress(std::size_t done, std::size_t total) {}
  // A short human-readable status ("cross-validation fold 3/5, C=1").
  virtual void status(std::string_view message) {}
  // Polled often (every batch / fold); true makes the model throw tweetlab::CancelledError.
  virtual bool stopRequested() const { return false; }
};

// Forwards everything to `inner` and keeps every epoch row in `history` (under `mutex`), so that a
// failed or cancelled run is still recorded with the history it had reached (the workbench).
class EpochKeeper final : public TrainObserver {
 public:
  EpochKeeper(TrainObserver& inner, History& history, std::mutex& mutex)
      : inner_(inner), history_(history), mutex_(mutex) {}
  void epochEnded(const HistoryRow& row) override {
    {
      std::lock_guard lock(mutex_);
      history_.push_back(row);
    }
    inner_.epochEnded(row);
  }
  void batchEnded(std::size_t batch, double loss) override { inner_.batchEnded(batch, loss); }
  void progress(std::size_t done, std::size_t total) override { inner_.progress(done, total); }
  void status(std::string_view message) override { inner_.status(message); }
  bool stopRequested() const override { return inner_.stopRequested(); }

 private:
  TrainObserver& inner_;
  History& history_;
  std::mutex& mutex_;
};

// The observer used when nobody watches.
inline TrainObserver& silentObserver() {
  static TrainObserver silent;
  return silent;
}

// Time left for work `fraction` done (0..1) after `elapsedSeconds`, as the CLI's progress bar
// and the workbench show it: "45 s", "3 min 05 s", "1 h 02 min"; "" while less than 2% is done
// (too early to tell) or when the numbers are not finite.
std::string remainingTime(double fraction, double elapsedSeconds);

// Throws CancelledError when the observer asks to stop; called at every safe point.
void throwIfStopRequested(const TrainObserver& observer);

}  // namespace tweetlab::train
