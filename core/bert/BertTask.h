#pragma once
// BERT's side of the one training loop (core/train/EpochLoop.h), for both modes: two class logits
// per row from a function (fine-tuning runs the encoder over padded token ids, the frozen-features
// mode indexes a precomputed feature matrix), two-class cross-entropy, and AdamW with decoupled
// weight decay except on biases and LayerNorm weights, as BERT was trained.
#include <torch/torch.h>

#include <functional>
#include <span>
#include <vector>

#include "core/train/TrainingTask.h"

namespace tweetlab::bert {

// [n, 2] logits for `rows` of a split, computed on the given device.
using LogitsFn = std::function<torch::Tensor(train::Split split, std::span<const std::size_t> rows,
                                             const torch::Device& device)>;

class BertTask final : public train::TrainingTask {
 public:
  // `module` owns every parameter that trains (those with requires_grad).
  BertTask(torch::nn::Module& module, LogitsFn logits, std::span<const int> trainLabels,
           std::span<const int> validationLabels);

  torch::nn::Module& module() override { return module_; }
  std::span<const int> labels(train::Split split) const override;
  torch::Tensor logits(train::Split split, std::span<const std::size_t> rows,
                       const torch::Device& device) override;
  torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& labels) override;
  torch::Tensor positiveProbability(const torch::Tensor& logits) override;
  std::unique_ptr<torch::optim::Optimizer> makeOptimizer(
      const train::TrainerOptions& options) override;
  // A sequence's activations are large: score validation in smaller batches than the default.
  std::size_t evaluationBatchSize() const override { return 128; }

  // Fine-tuning pads each batch to its longest sequence and the encoder's work grows with rows x
  // longest: given the training sequences' token counts, the ranks' shares are dealt by that
  // cost (core/train/BatchShares.h). Without them (the frozen-features head) rows cost alike.
  void dealSharesByLength(std::vector<std::size_t> trainLengths) {
    trainLengths_ = std::move(trainLengths);
  }
  std::size_t rowLength(train::Split split, std::size_t row) const override {
    return split == train::Split::Train && row < trainLengths_.size() ? trainLengths_[row] : 1;
  }
  train::ShareCost shareCost() const override {
    return trainLengths_.empty() ? train::ShareCost{}
                                 : train::ShareCost{.perRow = 0.0, .perPaddedToken = 1.0};
  }

 private:
  torch::nn::Module& module_;
  LogitsFn logits_;
  std::span<const int> train_, validation_;
  std::vector<std::size_t> trainLengths_;
};

}  // namespace tweetlab::bert
