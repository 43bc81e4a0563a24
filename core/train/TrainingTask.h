#pragma once
// What a model family gives the one epoch loop (core/train/EpochLoop.h): only what differs
// between families — how a batch of rows becomes logits, which loss those logits take, how they
// become P(positive), and which optimizer (parameter groups) trains the module. Batching,
// shuffling, accumulation, clipping, the learning-rate schedule, early stopping, restore-best,
// history, the observer and cancel are the loop's.
#include <torch/torch.h>

#include <memory>
#include <span>

#include "core/train/BatchShares.h"
#include "core/train/TrainerOptions.h"

namespace tweetlab::train {

enum class Split { Train, Validation };

class TrainingTask {
 public:
  virtual ~TrainingTask() = default;

  // The module that trains: its parameters with requires_grad are optimised and clipped, its
  // parameters and buffers are what restore-best keeps, the loop switches its train/eval mode
  // and places it on the run's device.
  virtual torch::nn::Module& module() = 0;
  // 0/1 labels of every row of a split (the validation split may be empty).
  virtual std::span<const int> labels(Split split) const = 0;
  // Logits of `rows` of `split`, computed on `device` (the module is already there).
  virtual torch::Tensor logits(Split split, std::span<const std::size_t> rows,
                               const torch::Device& device) = 0;
  // Mean loss of `logits` against `labels` ([n] int64 0/1, on the logits' device).
  virtual torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& labels) = 0;
  // P(label 1) per row of `logits`.
  virtual torch::Tensor positiveProbability(const torch::Tensor& logits) = 0;
  // An optimizer over the module's trainable parameters, at options.learningRate (the loop sets
  // each group's rate before every step, keeping the groups' ratios to that rate).
  virtual std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainerOptions& options) = 0;
  // How long row `row` of `split` is and how a share's cost grows with the lengths of its rows,
  // so that the ranks of a distributed run get shares of a batch that take equally long
  // (core/train/BatchShares.h). The default, every row costing the same, deals equal counts.
  virtual std::size_t rowLength(Split /*split*/, std::size_t /*row*/) const { return 1; }
  virtual ShareCost shareCost() const { return {}; }
  // Rows per forward pass when scoring the validation split (no gradients: larger than training).
  virtual std::size_t evaluationBatchSize() const { return 256; }
};

}  // namespace tweetlab::train
