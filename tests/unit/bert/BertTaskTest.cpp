// Gradient accumulation is how a user fits BERT into modest memory: batch 8 x 4 micro-batches
// must train exactly like batch 32, only in a quarter of the activations. Checked through BERT's
// task (two-class cross-entropy, AdamW with its decay groups) on the one epoch loop, with a small
// linear model (the loop does not care what computes the logits) and no dropout, so the only
// difference between the runs is how each step's gradient was gathered.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/bert/BertTask.h"
#include "core/models/BertParams.h"
#include "core/train/EpochLoop.h"

namespace tweetlab::bert {
namespace {

struct Trained {
  torch::Tensor weight;
  std::size_t steps = 0;
};

Trained train(int batchSize, int accumulation) {
  torch::manual_seed(3);
  const auto features = torch::randn({96, 6});
  const auto truth = torch::randn({6});
  std::vector<int> labels;
  for (int i = 0; i < 96; ++i) labels.push_back(features[i].dot(truth).item<double>() > 0 ? 1 : 0);
  torch::manual_seed(11);  // the same starting weights in every run
  torch::nn::Linear model(6, 2);
  auto logits = [&](train::Split, std::span<const std::size_t> rows, const torch::Device& device) {
    std::vector<std::int64_t> index(rows.begin(), rows.end());
    return model->forward(features.index_select(0, torch::tensor(index)).to(device));
  };
  BertTask task(*model, logits, labels, {});
  auto options = models::bertTrainerDefaults();  // AdamW decay 0.01, clipping at 1
  options.epochs = 3;
  options.batchSize = batchSize;
  options.accumulation = accumulation;
  options.learningRate = 0.05;
  options.warmupRatio = 0.2;
  options.restoreBest = false;
  options.seed = 5;
  train::History history;
  const auto outcome = train::trainEpochs(task, options, {}, train::silentObserver(), history);
  EXPECT_EQ(history.size(), 3U);
  return {model->weight.detach().clone(), outcome.optimizerSteps};
}

TEST(BertTask, AccumulatingFourMicroBatchesOfEightTrainsLikeBatchesOfThirtyTwo) {
  const auto whole = train(32, 1);
  const auto accumulated = train(8, 4);
  EXPECT_EQ(whole.steps, 9U);  // 96 rows / 32 per step x 3 epochs
  EXPECT_EQ(accumulated.steps, whole.steps);
  EXPECT_LT((whole.weight - accumulated.weight).abs().max().item<double>(), 1e-5);
  // Without accumulation, batches of 8 take four times the steps and end elsewhere: the
  // comparison above can tell runs apart.
  const auto small = train(8, 1);
  EXPECT_EQ(small.steps, 36U);
  EXPECT_GT((whole.weight - small.weight).abs().max().item<double>(), 1e-3);
}

// Fine-tuning hands the task its training sequences' lengths: a distributed run then deals each
// batch by rows x longest, so the rank with the longest tweets gets fewer of them.
TEST(BertTask, SharesFollowThePaddedCostOnceTheLengthsAreKnown) {
  torch::nn::Linear model(6, 2);
  auto logits = [&](train::Split, std::span<const std::size_t>, const torch::Device&) {
    return torch::Tensor();
  };
  BertTask task(*model, logits, {}, {});
  EXPECT_FALSE(task.shareCost().dependsOnLength());  // the frozen-features head
  task.dealSharesByLength({40, 8, 8, 8, 8, 8});
  EXPECT_EQ(task.rowLength(train::Split::Train, 0), 40U);
  EXPECT_EQ(task.rowLength(train::Split::Validation, 0), 1U);
  const std::vector<std::size_t> batch{0, 1, 2, 3, 4, 5}, lengths{40, 8, 8, 8, 8, 8};
  // Alone, the 40-token row costs 40; the five others padded to 8 cost 40 too.
  EXPECT_EQ(train::costBalancedShare(batch, lengths, 0, 2, task.shareCost()),
            (std::vector<std::size_t>{0}));
  EXPECT_EQ(train::costBalancedShare(batch, lengths, 1, 2, task.shareCost()).size(), 5U);
}

}  // namespace
}  // namespace tweetlab::bert
