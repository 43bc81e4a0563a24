#pragma once
// How long work reports to whoever started it. The GUI adapts this to QPromise (progress, cancel),
// the CLI to a terminal progress bar, tests to recorders. Implementations must be thread-safe:
// models call them from worker threads.
#include <cstddef>
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

// The observer used when nobody watches.
inline TrainObserver& silentObserver() {
  static TrainObserver silent;
  return silent;
}

// Throws CancelledError when the observer asks to stop; called at every safe point.
void throwIfStopRequested(const TrainObserver& observer);

}  // namespace tweetlab::train
