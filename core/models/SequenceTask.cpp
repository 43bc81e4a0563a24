#include "core/models/SequenceTask.h"

#include <algorithm>
#include <numeric>

#include "core/common/Errors.h"

namespace tweetlab::models {
namespace {

void checkData(const SequenceData& data, const char* what) {
  if (data.sequences.size() != data.labels.size()) {
    throw InputError(std::string("trainer: ") + what + " sequences and labels differ in count");
  }
  for (const auto& s : data.sequences) {
    if (s.empty()) throw InputError(std::string("trainer: an empty ") + what + " sequence");
  }
}

torch::Device deviceOf(torch::nn::Module& net) {
  const auto parameters = net.parameters();
  return parameters.empty() ? torch::Device(torch::kCPU) : parameters.front().device();
}

}  // namespace

PaddedBatch padBatch(std::span<const std::vector<std::int32_t>> sequences,
                     std::span<const std::size_t> rows) {
  std::size_t longest = 1;
  for (auto r : rows) longest = std::max(longest, sequences[r].size());
  auto tokens = torch::zeros(
      {static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(longest)}, torch::kInt64);
  auto lengths = torch::empty({static_cast<std::int64_t>(rows.size())}, torch::kInt64);
  auto* t = tokens.data_ptr<std::int64_t>();
  auto* l = lengths.data_ptr<std::int64_t>();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& s = sequences[rows[i]];
    std::copy(s.begin(), s.end(), t + i * longest);
    l[i] = static_cast<std::int64_t>(std::max<std::size_t>(s.size(), 1));
  }
  return {tokens, lengths};
}

SequenceTask::SequenceTask(SequenceModule& net, SequenceData train, SequenceData validation)
    : net_(net), train_(train), validation_(validation) {
  checkData(train_, "training");
  checkData(validation_, "validation");
}

std::span<const int> SequenceTask::labels(train::Split split) const {
  return split == train::Split::Train ? train_.labels : validation_.labels;
}

torch::Tensor SequenceTask::logits(train::Split split, std::span<const std::size_t> rows,
                                   const torch::Device& device) {
  const auto& data = split == train::Split::Train ? train_ : validation_;
  const auto batch = padBatch(data.sequences, rows);
  // LSTM packing wants the lengths on the CPU; the network moves what it needs.
  return net_.forward(batch.tokens.to(device), batch.lengths);
}

std::size_t SequenceTask::rowLength(train::Split split, std::size_t row) const {
  return (split == train::Split::Train ? train_ : validation_).sequences[row].size();
}

torch::Tensor SequenceTask::loss(const torch::Tensor& logits, const torch::Tensor& labels) {
  return torch::binary_cross_entropy_with_logits(logits, labels.to(torch::kFloat32));
}

torch::Tensor SequenceTask::positiveProbability(const torch::Tensor& logits) {
  return torch::sigmoid(logits);
}

std::unique_ptr<torch::optim::Optimizer> SequenceTask::makeOptimizer(
    const train::TrainerOptions& options) {
  std::vector<torch::Tensor> trainable;
  for (const auto& p : net_.parameters()) {
    if (p.requires_grad()) trainable.push_back(p);
  }
  return std::make_unique<torch::optim::Adam>(
      trainable, torch::optim::AdamOptions(options.learningRate).weight_decay(options.weightDecay));
}

std::vector<double> predictSequences(SequenceModule& net,
                                     std::span<const std::vector<std::int32_t>> sequences,
                                     std::size_t batchSize) {
  torch::NoGradGuard noGrad;
  const auto device = deviceOf(net);
  std::vector<double> out;
  out.reserve(sequences.size());
  std::vector<std::size_t> rows;
  batchSize = std::max<std::size_t>(batchSize, 1);
  for (std::size_t start = 0; start < sequences.size(); start += batchSize) {
    rows.resize(std::min(batchSize, sequences.size() - start));
    std::iota(rows.begin(), rows.end(), start);
    const auto batch = padBatch(sequences, rows);
    const auto p = torch::sigmoid(net.forward(batch.tokens.to(device), batch.lengths))
                       .to(torch::kCPU, torch::kFloat64)
                       .contiguous();
    out.insert(out.end(), p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
  }
  return out;
}

}  // namespace tweetlab::models
