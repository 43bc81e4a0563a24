#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/models/SequenceTask.h"

namespace tweetlab::models {
namespace {

// Mean of the real tokens' embeddings -> linear: the smallest network that respects the contract.
class MeanEmbedding final : public SequenceModule {
 public:
  MeanEmbedding() {
    embedding_ = register_module(
        "embedding", torch::nn::Embedding(torch::nn::EmbeddingOptions(6, 4).padding_idx(0)));
    output_ = register_module("output", torch::nn::Linear(4, 1));
  }
  torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& lengths) override {
    const auto mask =
        (torch::arange(tokens.size(1)).unsqueeze(0) < lengths.unsqueeze(1)).to(torch::kFloat32);
    const auto sum = (embedding_(tokens) * mask.unsqueeze(-1)).sum(1);
    return output_(sum / lengths.unsqueeze(1).to(torch::kFloat32)).squeeze(1);
  }

 private:
  torch::nn::Embedding embedding_{nullptr};
  torch::nn::Linear output_{nullptr};
};

TEST(SequenceTask, PadBatchPadsWithZerosToTheLongestRow) {
  const std::vector<std::vector<std::int32_t>> s{{5, 4, 3}, {2}, {4, 4}};
  const std::vector<std::size_t> rows{1, 0};
  const auto batch = padBatch(s, rows);
  ASSERT_EQ(batch.tokens.sizes(), (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(batch.tokens[0][0].item<std::int64_t>(), 2);
  EXPECT_EQ(batch.tokens[0][1].item<std::int64_t>(), 0);
  EXPECT_EQ(batch.tokens[1][2].item<std::int64_t>(), 3);
  EXPECT_EQ(batch.lengths[0].item<std::int64_t>(), 1);
  EXPECT_EQ(batch.lengths[1].item<std::int64_t>(), 3);
}

TEST(SequenceTask, OneLogitBinaryCrossEntropyAndTheSamePredictionsAsTheNetwork) {
  torch::manual_seed(1);
  MeanEmbedding net;
  const std::vector<std::vector<std::int32_t>> s{{2, 4}, {3}, {5, 5, 2}};
  const std::vector<int> labels{1, 0, 1};
  SequenceTask task(net, {s, labels}, {});
  const std::vector<std::size_t> rows{0, 1, 2};
  const auto logits = task.logits(train::Split::Train, rows, torch::kCPU);
  ASSERT_EQ(logits.sizes(), (std::vector<std::int64_t>{3}));
  // BCE by hand: -mean(y log p + (1-y) log(1-p)).
  const auto p = torch::sigmoid(logits);
  double expected = 0;
  for (int i = 0; i < 3; ++i) {
    const double pi = p[i].item<double>();
    expected -= labels[static_cast<std::size_t>(i)] == 1 ? std::log(pi) : std::log(1 - pi);
  }
  const auto target = torch::tensor(std::vector<std::int64_t>{1, 0, 1});
  EXPECT_NEAR(task.loss(logits, target).item<double>(), expected / 3, 1e-6);
  net.eval();
  const auto predicted = predictSequences(net, s, 2);  // two batches
  for (int i = 0; i < 3; ++i)
    EXPECT_NEAR(predicted[static_cast<std::size_t>(i)], p[i].item<double>(), 1e-6);
}

TEST(SequenceTask, RejectsEmptySequencesAndMismatchedLabels) {
  MeanEmbedding net;
  const std::vector<std::vector<std::int32_t>> good{{2}, {3}}, empty{{2}, {}};
  const std::vector<int> two{1, 0}, one{1};
  EXPECT_THROW(SequenceTask(net, {empty, two}, {}), InputError);
  EXPECT_THROW(SequenceTask(net, {good, one}, {}), InputError);
  EXPECT_THROW(SequenceTask(net, {good, two}, {empty, two}), InputError);
  EXPECT_NO_THROW(SequenceTask(net, {good, two}, {}));
}

}  // namespace
}  // namespace tweetlab::models
