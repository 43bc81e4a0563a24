// The one epoch loop, with the smallest task that respects the TrainingTask contract: a linear
// model with one logit over dense features. What the deep families and BERT rely on is checked
// here once: history and observer calls, early stopping and restore-best, the schedules, gradient
// accumulation, cancel, continuing from trained weights, and the process-group seam.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numeric>
#include <random>
#include <set>

#include "core/common/Errors.h"
#include "core/train/EpochLoop.h"
#include "tests/support/RecordingObserver.h"

namespace tweetlab::train {
namespace {

// Four features; the label is the sign of a fixed direction, `flip` of the labels are wrong.
struct Data {
  torch::Tensor features;
  std::vector<int> labels;
};

Data makeData(std::size_t n, std::uint64_t seed, double flip = 0.1) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal;
  Data d;
  d.features = torch::empty({static_cast<std::int64_t>(n), 4});
  for (std::size_t i = 0; i < n; ++i) {
    double dot = 0;
    for (int k = 0; k < 4; ++k) {
      const float x = normal(rng);
      d.features[static_cast<std::int64_t>(i)][k] = x;
      dot += x * (k + 1) * (k % 2 == 0 ? 1 : -1);
    }
    const int label = dot > 0 ? 1 : 0;
    d.labels.push_back(static_cast<double>(rng() % 1000) / 1000.0 < flip ? 1 - label : label);
  }
  return d;
}

class LinearTask final : public TrainingTask {
 public:
  // Adam by default; plain SGD (whose steps scale with the gradient, unlike Adam's) when asked.
  LinearTask(const Data& train, const Data& validation, bool sgd = false)
      : train_(train), validation_(validation), sgd_(sgd) {
    linear_ = torch::nn::Linear(4, 1);
    net_->push_back(linear_);
  }
  torch::nn::Module& module() override { return *net_; }
  std::span<const int> labels(Split split) const override {
    return split == Split::Train ? train_.labels : validation_.labels;
  }
  torch::Tensor logits(Split split, std::span<const std::size_t> rows,
                       const torch::Device& device) override {
    ++logitsCalls;
    auto& seen = split == Split::Validation ? validationRows : trainRows;
    seen.insert(seen.end(), rows.begin(), rows.end());
    std::vector<std::int64_t> index(rows.begin(), rows.end());
    const auto& x = (split == Split::Train ? train_ : validation_).features;
    return net_->forward(x.index_select(0, torch::tensor(index)).to(device)).squeeze(1);
  }
  torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& labels) override {
    return torch::binary_cross_entropy_with_logits(logits, labels.to(torch::kFloat32));
  }
  torch::Tensor positiveProbability(const torch::Tensor& logits) override {
    return torch::sigmoid(logits);
  }
  std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainerOptions& options) override {
    if (sgd_) {
      return std::make_unique<torch::optim::SGD>(net_->parameters(),
                                                 torch::optim::SGDOptions(options.learningRate));
    }
    return std::make_unique<torch::optim::Adam>(net_->parameters(),
                                                torch::optim::AdamOptions(options.learningRate));
  }

  // Log loss of the module as it is now on the validation split.
  double validationLoss() {
    torch::NoGradGuard noGrad;
    net_->eval();
    const auto p = torch::sigmoid(net_->forward(validation_.features).squeeze(1));
    double loss = 0;
    for (std::size_t i = 0; i < validation_.labels.size(); ++i) {
      const double pi = p[static_cast<std::int64_t>(i)].item<double>();
      loss -= std::log(validation_.labels[i] == 1 ? pi : 1 - pi);
    }
    return loss / static_cast<double>(validation_.labels.size());
  }
  torch::Tensor weight() const { return linear_->weight.detach().clone(); }
  // Rows whose cost depends on their length, as a packed LSTM's do (BatchShares.h).
  std::size_t rowLength(Split split, std::size_t row) const override {
    return split == Split::Train && row < trainLengths.size() ? trainLengths[row] : 1;
  }
  ShareCost shareCost() const override {
    return trainLengths.empty() ? ShareCost{}
                                : ShareCost{.perRow = 0.0, .perToken = 1.0, .perTimeStep = 24.0};
  }

  std::size_t logitsCalls = 0;
  std::vector<std::size_t> validationRows;  // every validation row scored, in order
  std::vector<std::size_t> trainRows;       // every training row trained, in order
  std::vector<std::size_t> trainLengths;    // none: every row costs the same

 private:
  const Data& train_;
  const Data& validation_;
  bool sgd_;
  torch::nn::Sequential net_;
  torch::nn::Linear linear_{nullptr};
};

TrainerOptions options(int epochs) {
  TrainerOptions o;
  o.epochs = epochs;
  o.batchSize = 16;
  o.learningRate = 0.05;
  o.seed = 3;
  return o;
}

class BatchRecorder final : public testing::RecordingObserver {
 public:
  using RecordingObserver::RecordingObserver;
  void batchEnded(std::size_t batch, double loss) override {
    batches.push_back(batch);
    losses.push_back(loss);
  }
  std::vector<std::size_t> batches;
  std::vector<double> losses;
};

TEST(EpochLoop, LearnsAndReportsEveryEpochAndBatch) {
  torch::set_num_threads(1);
  const auto train = makeData(320, 1), val = makeData(100, 2);
  torch::manual_seed(1);
  LinearTask task(train, val);
  BatchRecorder observer;
  History history;
  const auto outcome = trainEpochs(task, options(4), {}, observer, history);
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(observer.epochs.size(), 4u);
  EXPECT_EQ(observer.progressCalls.load(), 4 * 20);  // 320 rows / 16 per batch
  EXPECT_EQ(observer.lastTotal.load(), 80u);
  ASSERT_EQ(observer.batches.size(), 80u);
  EXPECT_EQ(observer.batches.front(), 1u);  // batches done so far, counted over the run
  EXPECT_EQ(observer.batches.back(), 80u);
  EXPECT_EQ(outcome.optimizerSteps, 80u);
  for (const auto& row : history) {
    EXPECT_TRUE(std::isfinite(row.loss) && std::isfinite(row.accuracy) && std::isfinite(row.auc));
    EXPECT_TRUE(std::isfinite(row.valLoss) && std::isfinite(row.valAccuracy) &&
                std::isfinite(row.valAuc));
    EXPECT_DOUBLE_EQ(row.learningRate, 0.05);
    EXPECT_GE(row.seconds, 0.0);
  }
  EXPECT_GT(history.back().valAuc, 0.8);
  EXPECT_LT(history.back().loss, history.front().loss);
  EXPECT_FALSE(task.module().is_training());  // ready to predict
  // Restore-best: the module scores validation as it did at its best epoch.
  ASSERT_GE(outcome.bestEpoch, 1);
  EXPECT_NEAR(task.validationLoss(),
              history[static_cast<std::size_t>(outcome.bestEpoch - 1)].valLoss, 1e-5);
}

TEST(EpochLoop, EarlyStoppingStopsPatienceEpochsAfterTheBestAndRestoresIt) {
  // Mostly noise and a high rate: validation loss turns up within a few epochs.
  const auto train = makeData(48, 1, 0.45), val = makeData(200, 2, 0.45);
  torch::manual_seed(1);
  LinearTask task(train, val);
  auto o = options(30);
  o.learningRate = 0.3;
  o.patience = 2;
  History history;
  const auto outcome = trainEpochs(task, o, {}, silentObserver(), history);
  ASSERT_LT(history.size(), 30u) << "validation loss never rose; the test needs a stronger overfit";
  std::size_t best = 0;
  for (std::size_t i = 1; i < history.size(); ++i) {
    if (history[i].valLoss < history[best].valLoss) best = i;
  }
  EXPECT_TRUE(outcome.stoppedEarly);
  EXPECT_EQ(history.size(), best + 1 + 2);
  EXPECT_EQ(outcome.bestEpoch, static_cast<int>(best) + 1);
  EXPECT_NEAR(task.validationLoss(), history[best].valLoss, 1e-5);
  EXPECT_GT(std::abs(task.validationLoss() - history.back().valLoss), 1e-4);
}

TEST(EpochLoop, WithoutRestoreBestTheLastEpochsWeightsStay) {
  const auto train = makeData(64, 1, 0.45), val = makeData(64, 2, 0.45);  // overfits
  torch::manual_seed(1);
  LinearTask task(train, val);
  auto o = options(6);
  o.patience = 0;
  o.restoreBest = false;
  History history;
  const auto outcome = trainEpochs(task, o, {}, silentObserver(), history);
  ASSERT_EQ(history.size(), 6u);
  EXPECT_EQ(outcome.bestEpoch, 6);
  EXPECT_FALSE(outcome.stoppedEarly);
  EXPECT_NEAR(task.validationLoss(), history.back().valLoss, 1e-5);
}

TEST(EpochLoop, StepAndPlateauSchedulesLowerTheRate) {
  const auto train = makeData(64, 1), val = makeData(64, 2, 0.5);
  auto o = options(4);
  o.patience = 0;
  o.schedule = LrSchedule::Step;
  o.stepEpochs = 2;
  o.lrFactor = 0.5;
  torch::manual_seed(1);
  LinearTask task(train, val);
  History history;
  trainEpochs(task, o, {}, silentObserver(), history);
  ASSERT_EQ(history.size(), 4u);
  EXPECT_DOUBLE_EQ(history[0].learningRate, 0.05);
  EXPECT_DOUBLE_EQ(history[1].learningRate, 0.05);
  EXPECT_DOUBLE_EQ(history[2].learningRate, 0.025);
  EXPECT_DOUBLE_EQ(history[3].learningRate, 0.025);

  o.schedule = LrSchedule::Plateau;
  o.epochs = 8;
  o.clipNorm = 0.5;
  History plateau;
  LinearTask second(train, val);
  trainEpochs(second, o, {}, silentObserver(), plateau);
  bool decayed = false;
  for (std::size_t i = 1; i < plateau.size(); ++i) {
    bool improvedBefore = true;
    for (std::size_t j = 0; j < i - 1; ++j)
      improvedBefore = improvedBefore && plateau[i - 1].valLoss < plateau[j].valLoss;
    const double expected =
        improvedBefore ? plateau[i - 1].learningRate : plateau[i - 1].learningRate * 0.5;
    EXPECT_DOUBLE_EQ(plateau[i].learningRate, expected) << "epoch " << i + 1;
    decayed = decayed || !improvedBefore;
  }
  EXPECT_TRUE(decayed) << "validation on label noise should stall at least once";
}

TEST(EpochLoop, WarmUpThenLinearDecayPerOptimizerStep) {
  // 64 rows / 16 = 4 steps an epoch, 5 epochs = 20 steps, 4 of them warming up. The history
  // holds the rate of each epoch's last step (steps 3, 7, ..., 19, counted from 0).
  const auto train = makeData(64, 1), val = makeData(32, 2);
  auto o = options(5);
  o.patience = 0;
  o.schedule = LrSchedule::Linear;
  o.warmupRatio = 0.2;
  torch::manual_seed(1);
  LinearTask task(train, val);
  History history;
  const auto outcome = trainEpochs(task, o, {}, silentObserver(), history);
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(outcome.optimizerSteps, 20u);
  EXPECT_DOUBLE_EQ(history[0].learningRate, 0.05 * 4 / 5);           // step 3: still warming up
  EXPECT_DOUBLE_EQ(history[1].learningRate, 0.05 * (20 - 7) / 16);   // step 7: decaying
  EXPECT_DOUBLE_EQ(history[4].learningRate, 0.05 * (20 - 19) / 16);  // last step: near 0
}

// Two runs of the same data and start that differ only in how each step's gradient is gathered:
// batch 32, or 4 accumulated micro-batches of 8. SGD, so that a gradient summed instead of
// averaged over the micro-batches would show (Adam's step does not depend on the scale).
torch::Tensor trainedWeight(int batchSize, int accumulation, std::size_t* steps) {
  const auto train = makeData(96, 4, 0.0), none = Data{torch::empty({0, 4}), {}};
  torch::manual_seed(11);
  LinearTask task(train, none, /*sgd=*/true);
  auto o = options(3);
  o.batchSize = batchSize;
  o.accumulation = accumulation;
  o.schedule = LrSchedule::Linear;
  o.warmupRatio = 0.2;
  History history;
  *steps = trainEpochs(task, o, {}, silentObserver(), history).optimizerSteps;
  return task.weight();
}

TEST(EpochLoop, AccumulatedMicroBatchesTrainLikeOneLargeBatch) {
  std::size_t wholeSteps = 0, accumulatedSteps = 0, smallSteps = 0;
  const auto whole = trainedWeight(32, 1, &wholeSteps);
  const auto accumulated = trainedWeight(8, 4, &accumulatedSteps);
  const auto small = trainedWeight(8, 1, &smallSteps);
  EXPECT_EQ(wholeSteps, 9u);  // 96 rows / 32 per step x 3 epochs
  EXPECT_EQ(accumulatedSteps, wholeSteps);
  EXPECT_EQ(smallSteps, 36u);
  EXPECT_LT((whole - accumulated).abs().max().item<double>(), 1e-5);
  EXPECT_GT((whole - small).abs().max().item<double>(), 1e-3);  // the comparison can tell
}

TEST(EpochLoop, CancelStopsBeforeTheNextBatchAndKeepsFinishedEpochs) {
  const auto train = makeData(160, 1), val = makeData(32, 2);
  torch::manual_seed(1);
  LinearTask task(train, val);
  testing::RecordingObserver observer(13);  // 10 batches an epoch: stop in the second
  History history;
  EXPECT_THROW(trainEpochs(task, options(5), {}, observer, history), CancelledError);
  EXPECT_EQ(history.size(), 1u);
  EXPECT_EQ(observer.progressCalls.load(), 13);  // no batch after the request
}

TEST(EpochLoop, ContinuingTrainedWeightsNeverEndsWorseThanTheStart) {
  const auto train = makeData(200, 1, 0.05), val = makeData(200, 2, 0.05);
  torch::manual_seed(1);
  LinearTask task(train, val);
  History first;
  trainEpochs(task, options(6), {}, silentObserver(), first);
  const double startLoss = task.validationLoss();
  const auto startWeight = task.weight();
  // Continue on pure noise at a high rate: every epoch makes validation worse.
  const auto noise = makeData(200, 9, 0.5);
  LinearTask more(noise, val);
  {
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < more.module().parameters().size(); ++i)
      more.module().parameters()[i].copy_(task.module().parameters()[i]);
  }
  auto o = options(3);
  o.learningRate = 0.5;
  o.patience = 0;
  History history;
  const auto outcome =
      trainEpochs(more, o, {}, silentObserver(), history, StartingWeights::Trained);
  ASSERT_EQ(history.size(), 3u);
  for (const auto& row : history) ASSERT_GT(row.valLoss, startLoss);
  EXPECT_EQ(outcome.bestEpoch, 0);
  EXPECT_NEAR(more.validationLoss(), startLoss, 1e-6);
  EXPECT_TRUE(more.weight().equal(startWeight));
}

// Stands for rank 1 of a two-process group: records what the loop asks of the group and answers
// with rank 0's verdicts (rank 0 is not there; its part is the broadcast value): validation
// improved after epoch 1, never after.
class SecondRankOfTwo final : public ProcessGroup {
 public:
  int rank() const override { return 1; }
  int size() const override { return 2; }
  void broadcastTensors(const std::vector<torch::Tensor>& tensors) override {
    tensorBroadcasts += tensors.size();
  }
  void requireSame(std::string_view what, const std::string&) override {
    checked.emplace_back(what);
  }
  void gatherToRoot(std::vector<double>&) override { ++gathers; }
  void averageGradients(const std::vector<torch::Tensor>& parameters,
                        std::size_t localRows) override {
    ASSERT_FALSE(parameters.empty());
    ASSERT_TRUE(parameters.front().grad().defined());
    stepRows.push_back(localRows);
  }
  void broadcastFromRoot(std::span<std::int64_t> values) override {
    ++broadcasts;
    for (auto& v : values) v = broadcasts == 1 ? 1 : 0;
  }
  bool anyRank(bool local) override {
    ++stopChecks;
    return local;
  }
  std::vector<std::size_t> stepRows;
  std::vector<std::string> checked;
  std::size_t tensorBroadcasts = 0;
  int broadcasts = 0, stopChecks = 0, gathers = 0;
};

// Rank 1 of two (SecondRankOfTwo) training the seeded linear task: 40 rows, validating on 30.
struct SecondRankRun {
  Data train = makeData(40, 1), val = makeData(30, 2);
  std::unique_ptr<LinearTask> task = seededTask(train, val);
  std::shared_ptr<SecondRankOfTwo> group = std::make_shared<SecondRankOfTwo>();
  History history;

  TrainOutcome run(const TrainerOptions& o) {
    TrainingContext context;
    context.group = group;
    return trainEpochs(*task, o, context, silentObserver(), history);
  }
  static std::unique_ptr<LinearTask> seededTask(const Data& train, const Data& val) {
    torch::manual_seed(1);
    return std::make_unique<LinearTask>(train, val);
  }
};

TEST(EpochLoop, EveryRankTrainsItsShareAndFollowsRankZerosDecisions) {
  SecondRankRun rank;
  auto o = options(10);
  o.patience = 2;
  const auto outcome = rank.run(o);
  const auto& group = rank.group;
  const auto& history = rank.history;
  const auto& task = *rank.task;
  // Rank 0's verdicts, not this rank's (it cannot tell without validating), decide: best epoch 1,
  // stopped `patience` epochs later.
  EXPECT_EQ(history.size(), 3u);
  EXPECT_TRUE(outcome.stoppedEarly);
  EXPECT_EQ(outcome.bestEpoch, 1);
  EXPECT_EQ(group->broadcasts, 3);
  EXPECT_EQ(group->stopChecks, 3 * 3);  // 40 rows / 16: 3 batches an epoch
  // Half of each global batch (16, 16, 8 rows): 8, 8, 4 rows; one gradient average per step.
  EXPECT_EQ(group->stepRows, (std::vector<std::size_t>{8, 8, 4, 8, 8, 4, 8, 8, 4}));
  // Rank 1 scores its half of the validation rows (15 to 29 of 30) each epoch and hands them to
  // rank 0, which alone computes and reports the scores.
  for (const auto& row : history) {
    EXPECT_TRUE(std::isnan(row.valLoss));
    EXPECT_TRUE(std::isfinite(row.loss));
  }
  EXPECT_EQ(task.logitsCalls, 9u + 3u);  // 3 training batches and 1 validation batch an epoch
  std::vector<std::size_t> secondHalf(15);
  std::iota(secondHalf.begin(), secondHalf.end(), 15);
  std::vector<std::size_t> threeEpochs;
  for (int e = 0; e < 3; ++e)
    threeEpochs.insert(threeEpochs.end(), secondHalf.begin(), secondHalf.end());
  EXPECT_EQ(task.validationRows, threeEpochs);
  // Before training, the ranks check they hold the same rows and network, then take rank 0's
  // weights (weight and bias of the linear layer); each epoch's train and validation tallies go
  // to rank 0.
  EXPECT_EQ(group->checked, (std::vector<std::string>{"training rows", "network shape"}));
  EXPECT_EQ(group->tensorBroadcasts, 2u);
  EXPECT_EQ(group->gathers, 2 * 3);
}

// batch_per_rank: each of the two ranks trains batch_size rows a step, so the global batch is
// twice batch_size and an epoch has half the steps.
TEST(EpochLoop, PerRankBatchesMakeTheGlobalBatchGrowWithTheRanks) {
  SecondRankRun rank;
  auto o = options(1);
  o.batchPerRank = true;
  const auto outcome = rank.run(o);
  // 40 rows in global batches of 2 x 16: 32 rows, then 8; this rank's halves are 16 and 4.
  EXPECT_EQ(rank.group->stepRows, (std::vector<std::size_t>{16, 4}));
  EXPECT_EQ(outcome.optimizerSteps, 2u);
}

// A task whose rows cost by their length: the rank that gets fewer of a batch's long rows gets
// more of its short ones (BatchShares.h has the arithmetic). A quarter of the rows are long; the
// second rank, which the deal gives the short end of each sorted batch, trains more rows than an
// equal half and a smaller part of the long ones.
TEST(EpochLoop, RanksTrainSharesDealtByWhatTheirRowsCost) {
  SecondRankRun rank;
  rank.task->trainLengths.assign(40, 2);
  for (std::size_t row = 0; row < 40; row += 4) rank.task->trainLengths[row] = 50;
  rank.run(options(1));
  const auto& trained = rank.task->trainRows;
  const std::set<std::size_t> once(trained.begin(), trained.end());
  EXPECT_EQ(once.size(), trained.size());
  EXPECT_EQ(std::accumulate(rank.group->stepRows.begin(), rank.group->stepRows.end(), 0u),
            trained.size());
  EXPECT_GT(trained.size(), 8u + 8u + 4u);
  const auto longOnes =
      std::count_if(trained.begin(), trained.end(), [](std::size_t r) { return r % 4 == 0; });
  EXPECT_LT(4 * static_cast<std::size_t>(longOnes), trained.size());
}

TEST(EpochLoop, ShareOfSplitsABatchIntoContiguousNearEqualParts) {
  std::vector<std::size_t> batch(10);
  std::iota(batch.begin(), batch.end(), 100);
  class Rank final : public ProcessGroup {
   public:
    Rank(int rank, int size) : rank_(rank), size_(size) {}
    int rank() const override { return rank_; }
    int size() const override { return size_; }
    void broadcastTensors(const std::vector<torch::Tensor>&) override {}
    void requireSame(std::string_view, const std::string&) override {}
    void gatherToRoot(std::vector<double>&) override {}
    void averageGradients(const std::vector<torch::Tensor>&, std::size_t) override {}
    void broadcastFromRoot(std::span<std::int64_t>) override {}
    bool anyRank(bool local) override { return local; }

   private:
    int rank_, size_;
  };
  std::vector<std::size_t> joined;
  for (int r = 0; r < 3; ++r) {
    const auto share = shareOf(batch, Rank(r, 3));
    EXPECT_GE(share.size(), 3u);
    EXPECT_LE(share.size(), 4u);
    joined.insert(joined.end(), share.begin(), share.end());
  }
  EXPECT_EQ(joined, batch);
  EXPECT_EQ(shareOf(batch, SingleProcessGroup()).size(), 10u);
}

TEST(EpochLoop, RejectsBadOptionsAndNoTrainingRows) {
  const auto train = makeData(10, 1), none = Data{torch::empty({0, 4}), {}};
  LinearTask task(train, none);
  History history;
  auto o = options(0);
  EXPECT_THROW(trainEpochs(task, o, {}, silentObserver(), history), InputError);
  o = options(1);
  o.lrFactor = 2;
  EXPECT_THROW(trainEpochs(task, o, {}, silentObserver(), history), InputError);
  LinearTask empty(none, none);
  EXPECT_THROW(trainEpochs(empty, options(1), {}, silentObserver(), history), InputError);
  EXPECT_TRUE(history.empty());
}

}  // namespace
}  // namespace tweetlab::train
