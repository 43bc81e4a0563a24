#include <gtest/gtest.h>

#include <random>

#include "core/common/Errors.h"
#include "core/train/SequenceTrainer.h"
#include "tests/support/RecordingObserver.h"

namespace tweetlab::train {
namespace {

// Mean of the real tokens' embeddings -> linear: the smallest model that respects the contract.
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

// Token 2 says positive, 3 negative, 4 and 5 are noise; `flip` of the labels are wrong.
struct Data {
  std::vector<std::vector<std::int32_t>> sequences;
  std::vector<int> labels;
  SequenceData view() const { return {sequences, labels}; }
};

Data makeData(std::size_t n, std::uint64_t seed, double flip = 0.1) {
  std::mt19937_64 rng(seed);
  Data d;
  for (std::size_t i = 0; i < n; ++i) {
    const int label = static_cast<int>(rng() % 2);
    std::vector<std::int32_t> s;
    const auto length = 1 + rng() % 6;
    for (std::size_t k = 0; k < length; ++k) s.push_back(static_cast<std::int32_t>(4 + rng() % 2));
    s[rng() % length] = label == 1 ? 2 : 3;
    d.sequences.push_back(s);
    d.labels.push_back(static_cast<double>(rng() % 1000) / 1000.0 < flip ? 1 - label : label);
  }
  return d;
}

TrainerOptions options(int epochs) {
  TrainerOptions o;
  o.epochs = epochs;
  o.batchSize = 16;
  o.learningRate = 0.05;
  o.seed = 3;
  return o;
}

double lossOf(SequenceModule& model, const Data& d) {
  const auto p = predictSequences(model, d.sequences);
  double loss = 0;
  for (std::size_t i = 0; i < p.size(); ++i) loss -= std::log(d.labels[i] == 1 ? p[i] : 1 - p[i]);
  return loss / static_cast<double>(p.size());
}

TEST(SequenceTrainer, LearnsAndReportsEveryEpochAndBatch) {
  torch::set_num_threads(1);
  torch::manual_seed(1);
  MeanEmbedding model;
  const auto train = makeData(320, 1), val = makeData(100, 2);
  testing::RecordingObserver observer;
  History history;
  const auto outcome =
      trainSequenceModel(model, train.view(), val.view(), options(4), observer, history);
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(observer.epochs.size(), 4u);
  EXPECT_EQ(observer.progressCalls.load(), 4 * 20);  // 320 rows / 16 per batch
  EXPECT_EQ(observer.lastTotal.load(), 80u);
  for (const auto& row : history) {
    EXPECT_TRUE(std::isfinite(row.loss) && std::isfinite(row.accuracy) && std::isfinite(row.auc));
    EXPECT_TRUE(std::isfinite(row.valLoss) && std::isfinite(row.valAccuracy) &&
                std::isfinite(row.valAuc));
    EXPECT_DOUBLE_EQ(row.learningRate, 0.05);
    EXPECT_GE(row.seconds, 0.0);
  }
  EXPECT_GT(history.back().valAuc, 0.8);
  EXPECT_LT(history.back().loss, history.front().loss);
  EXPECT_FALSE(model.is_training());  // ready to predict
  EXPECT_NEAR(lossOf(model, val), history[static_cast<std::size_t>(outcome.bestEpoch - 1)].valLoss,
              1e-5);
}

TEST(SequenceTrainer, WithoutRestoreBestTheLastEpochsWeightsStay) {
  torch::manual_seed(1);
  MeanEmbedding model;
  const auto train = makeData(64, 1, 0.45), val = makeData(64, 2, 0.45);  // mostly noise: overfits
  auto o = options(6);
  o.patience = 0;
  o.restoreBest = false;
  History history;
  trainSequenceModel(model, train.view(), val.view(), o, silentObserver(), history);
  ASSERT_EQ(history.size(), 6u);
  EXPECT_NEAR(lossOf(model, val), history.back().valLoss, 1e-5);
}

TEST(SequenceTrainer, StepAndPlateauSchedulesLowerTheRate) {
  const auto train = makeData(64, 1), val = makeData(64, 2, 0.5);
  auto o = options(4);
  o.patience = 0;
  o.schedule = LrSchedule::Step;
  o.stepEpochs = 2;
  o.lrFactor = 0.5;
  torch::manual_seed(1);
  MeanEmbedding model;
  History history;
  trainSequenceModel(model, train.view(), val.view(), o, silentObserver(), history);
  ASSERT_EQ(history.size(), 4u);
  EXPECT_DOUBLE_EQ(history[0].learningRate, 0.05);
  EXPECT_DOUBLE_EQ(history[1].learningRate, 0.05);
  EXPECT_DOUBLE_EQ(history[2].learningRate, 0.025);
  EXPECT_DOUBLE_EQ(history[3].learningRate, 0.025);

  o.schedule = LrSchedule::Plateau;
  o.epochs = 8;
  o.clipNorm = 0.5;
  History plateau;
  MeanEmbedding second;
  trainSequenceModel(second, train.view(), val.view(), o, silentObserver(), plateau);
  for (std::size_t i = 1; i < plateau.size(); ++i) {
    bool improvedBefore = true;
    for (std::size_t j = 0; j < i - 1; ++j)
      improvedBefore = improvedBefore && plateau[i - 1].valLoss < plateau[j].valLoss;
    const double expected =
        improvedBefore ? plateau[i - 1].learningRate : plateau[i - 1].learningRate * 0.5;
    EXPECT_DOUBLE_EQ(plateau[i].learningRate, expected) << "epoch " << i + 1;
  }
}

TEST(SequenceTrainer, PadBatchPadsWithZerosToTheLongestRow) {
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

TEST(SequenceTrainer, RejectsBadInputAndOptions) {
  MeanEmbedding model;
  History history;
  const auto good = makeData(10, 1);
  Data empty = good;
  empty.sequences[3].clear();
  EXPECT_THROW(trainSequenceModel(model, empty.view(), {}, options(1), silentObserver(), history),
               InputError);
  auto o = options(0);
  EXPECT_THROW(trainSequenceModel(model, good.view(), {}, o, silentObserver(), history),
               InputError);
  o = options(1);
  o.lrFactor = 2;
  EXPECT_THROW(trainSequenceModel(model, good.view(), {}, o, silentObserver(), history),
               InputError);
  EXPECT_THROW(lrScheduleFromString("cosine"), InputError);
  EXPECT_EQ(lrScheduleFromString(toString(LrSchedule::Plateau)), LrSchedule::Plateau);
}

}  // namespace
}  // namespace tweetlab::train
