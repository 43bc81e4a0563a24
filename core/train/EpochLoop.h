#pragma once
// The one training loop of every family trained in epochs (cnn, bilstm, bert fine-tuning and its
// features head): shuffled mini-batches (micro-batches, accumulated into optimizer steps),
// global-norm gradient clipping, the learning-rate schedule (core/train/LearningRate.h), per-epoch
// history (loss / accuracy / AUC on train and validation, rate, seconds), early stopping on
// validation loss with restore-best, and the observer protocol (stopRequested before every
// micro-batch, batchEnded and progress after it, epochEnded after each epoch).
//
// It runs where its TrainingContext says: the module and every batch are placed on its device,
// each rank trains on its share of every batch, gradients are averaged through the process group
// before each step, and rank 0 validates and decides early stopping for all. A single process on
// the CPU is the default context. What differs between families is a TrainingTask.
//
// Includes <torch/torch.h>: only model and trainer translation units include it.
#include <cstddef>

#include "core/train/History.h"
#include "core/train/TrainObserver.h"
#include "core/train/TrainerOptions.h"
#include "core/train/TrainingContext.h"
#include "core/train/TrainingTask.h"

namespace tweetlab::train {

// What the module's weights are when the loop starts.
enum class StartingWeights {
  // An initialisation: the first epoch is the first candidate for the best epoch.
  Fresh,
  // A trained model being continued (a bundle's weights): its validation loss is measured before
  // epoch 1, and restore-best returns to it (best epoch 0) when no epoch does better.
  Trained,
};

struct TrainOutcome {
  int bestEpoch = 0;  // the epoch whose weights the module ends with (0: the starting weights)
  bool stoppedEarly = false;
  std::size_t optimizerSteps = 0;
};

// Trains task.module() in place from the weights it has (the loop never re-initialises them),
// seeding shuffles and dropout from options.seed. `history` receives one row per finished epoch
// as it goes, so that a cancelled run (CancelledError) keeps the epochs it finished. InputError
// for invalid options or no training rows. The module ends in eval mode.
TrainOutcome trainEpochs(TrainingTask& task, const TrainerOptions& options,
                         const TrainingContext& context, TrainObserver& observer, History& history,
                         StartingWeights start = StartingWeights::Fresh);

}  // namespace tweetlab::train
