#pragma once
// The learning rate of every optimizer step of one training run: a linear warm-up over the first
// warmup_ratio of all steps (from rate/(warm-up steps + 1) up to the rate), then the schedule —
// constant, times lr_factor every step_epochs epochs (step) or after an epoch without validation
// improvement (plateau), or a linear decay to 0 at the last step (linear, BERT's recipe).
// Plain C++: the loop asks it for each step's rate and tells it how each epoch went.
#include <cstddef>

#include "core/train/TrainerOptions.h"

namespace tweetlab::train {

class LearningRate {
 public:
  LearningRate(const TrainerOptions& options, std::size_t totalSteps);

  // The rate of optimizer step `step` (0-based, counted over the whole run).
  double at(std::size_t step) const;
  // After epoch `epoch` (1-based): `improved` says whether validation loss improved, `validated`
  // whether there was a validation set at all (plateau waits for one).
  void epochEnded(int epoch, bool improved, bool validated);

  std::size_t warmupSteps() const { return warmup_; }

 private:
  LrSchedule schedule_;
  int stepEpochs_;
  double factor_;
  double rate_;  // the rate after warm-up, lowered by the step and plateau decays
  std::size_t total_;
  std::size_t warmup_;
};

}  // namespace tweetlab::train
