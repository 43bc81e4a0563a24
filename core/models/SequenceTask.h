#pragma once
// The deep families' side of the one training loop (core/train/EpochLoop.h): networks over padded
// token-id sequences with one logit per row, binary cross-entropy on that logit, and Adam (L2
// weight decay) over every trainable parameter. Also the padded batches and the prediction
// helper both "cnn" and "bilstm" use. Internal to core/models (includes torch).
#include <torch/torch.h>

#include <cstdint>
#include <span>
#include <vector>

#include "core/train/TrainingTask.h"

namespace tweetlab::models {

// A network over padded token ids. `tokens` is [batch, time] int64 padded with 0 after each
// sequence's end, `lengths` is [batch] int64 (>= 1). Returns one logit per row, [batch].
// Implementations must make the result independent of the padding (mask or pack).
class SequenceModule : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& lengths) = 0;
  // How a batch's cost grows with its sequences' lengths (dealing batches to ranks); by default
  // every row costs the same.
  virtual train::ShareCost shareCost() const { return {}; }
};

struct SequenceData {
  std::span<const std::vector<std::int32_t>> sequences;  // each non-empty
  std::span<const int> labels;                           // 0/1, same size
  std::size_t size() const { return sequences.size(); }
};

// Pads `rows` of `sequences` into one batch: tokens [n, longest] and lengths [n].
struct PaddedBatch {
  torch::Tensor tokens;
  torch::Tensor lengths;
};
PaddedBatch padBatch(std::span<const std::vector<std::int32_t>> sequences,
                     std::span<const std::size_t> rows);

class SequenceTask final : public train::TrainingTask {
 public:
  // InputError for an empty sequence or sequences and labels of different counts.
  SequenceTask(SequenceModule& net, SequenceData train, SequenceData validation);

  torch::nn::Module& module() override { return net_; }
  std::span<const int> labels(train::Split split) const override;
  torch::Tensor logits(train::Split split, std::span<const std::size_t> rows,
                       const torch::Device& device) override;
  torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& labels) override;
  torch::Tensor positiveProbability(const torch::Tensor& logits) override;
  std::size_t rowLength(train::Split split, std::size_t row) const override;
  train::ShareCost shareCost() const override { return net_.shareCost(); }
  std::unique_ptr<torch::optim::Optimizer> makeOptimizer(
      const train::TrainerOptions& options) override;

 private:
  SequenceModule& net_;
  SequenceData train_, validation_;
};

// P(positive) per sequence, in eval mode and without gradients, in batches of `batchSize`, on
// the device the network's weights are on.
std::vector<double> predictSequences(SequenceModule& net,
                                     std::span<const std::vector<std::int32_t>> sequences,
                                     std::size_t batchSize = 256);

}  // namespace tweetlab::models
