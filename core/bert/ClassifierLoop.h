#pragma once
// The training loop both BERT modes share: AdamW with decoupled weight decay (not on biases and
// LayerNorm weights, as BERT was trained), linear warm-up then linear decay of the learning rate
// per optimizer step, gradient accumulation over micro-batches (an effective batch that fits in
// modest memory), global-norm clipping, two-class cross-entropy, per-epoch history, early
// stopping on validation loss with restore-best, and the observer protocol (progress and
// batchEnded per micro-batch, stopRequested before each).
//
// What a batch is stays with the caller: fine-tuning runs the encoder over padded token ids,
// the frozen-features mode indexes a precomputed feature matrix.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/train/History.h"
#include "core/train/TrainObserver.h"

namespace tweetlab::bert {

struct LoopOptions {
  int epochs = 3;
  std::size_t batchSize = 32;  // micro-batch
  int accumulation = 1;        // micro-batches per optimizer step
  double learningRate = 5e-5;
  double weightDecay = 0.01;
  double warmupRatio = 0.1;  // share of all optimizer steps spent warming up
  double clipNorm = 1.0;     // 0 = off
  int patience = 0;          // epochs without validation-loss improvement; 0 = never stop
  bool restoreBest = true;
  std::uint64_t seed = 0;
};

struct LoopOutcome {
  int bestEpoch = 0;
  bool stoppedEarly = false;
  std::size_t optimizerSteps = 0;
};

// Returns [n, 2] logits for the given rows of the training or validation set.
using LogitsFn = std::function<torch::Tensor(std::span<const std::size_t> rows, bool validation)>;

// `model` owns every trainable parameter (those with requires_grad). History rows go to
// `history` and the observer as each epoch ends; CancelledError keeps the finished ones.
LoopOutcome trainClassifier(torch::nn::Module& model, const LogitsFn& logits,
                            std::span<const int> trainLabels, std::span<const int> valLabels,
                            const LoopOptions& options, train::TrainObserver& observer,
                            train::History& history);

// P(label 1) for every row, in batches, without gradients (the caller sets eval mode).
std::vector<double> positiveProbabilities(const LogitsFn& logits, std::size_t rows,
                                          std::size_t batchSize, bool validation);

}  // namespace tweetlab::bert
