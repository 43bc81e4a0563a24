#include "core/bert/BertTask.h"

namespace tweetlab::bert {
namespace {

bool excludedFromDecay(const std::string& name, const torch::Tensor& p) {
  // Biases and LayerNorm gains are 1-D; BERT's recipe leaves them without weight decay.
  return p.dim() < 2 || name.find("norm") != std::string::npos;
}

}  // namespace

BertTask::BertTask(torch::nn::Module& module, LogitsFn logits, std::span<const int> trainLabels,
                   std::span<const int> validationLabels)
    : module_(module),
      logits_(std::move(logits)),
      train_(trainLabels),
      validation_(validationLabels) {}

std::span<const int> BertTask::labels(train::Split split) const {
  return split == train::Split::Train ? train_ : validation_;
}

torch::Tensor BertTask::logits(train::Split split, std::span<const std::size_t> rows,
                               const torch::Device& device) {
  return logits_(split, rows, device);
}

torch::Tensor BertTask::loss(const torch::Tensor& logits, const torch::Tensor& labels) {
  return torch::nn::functional::cross_entropy(logits, labels);
}

torch::Tensor BertTask::positiveProbability(const torch::Tensor& logits) {
  return torch::softmax(logits, 1).select(1, 1);
}

std::unique_ptr<torch::optim::Optimizer> BertTask::makeOptimizer(
    const train::TrainerOptions& options) {
  std::vector<torch::Tensor> decay, noDecay;
  for (const auto& item : module_.named_parameters()) {
    if (!item.value().requires_grad()) continue;
    (excludedFromDecay(item.key(), item.value()) ? noDecay : decay).push_back(item.value());
  }
  using torch::optim::AdamWOptions;
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decay,
                      std::make_unique<AdamWOptions>(
                          AdamWOptions(options.learningRate).weight_decay(options.weightDecay)));
  groups.emplace_back(noDecay, std::make_unique<AdamWOptions>(
                                   AdamWOptions(options.learningRate).weight_decay(0.0)));
  return std::make_unique<torch::optim::AdamW>(groups, AdamWOptions(options.learningRate));
}

}  // namespace tweetlab::bert
