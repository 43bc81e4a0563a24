#include "core/train/EpochLoop.h"

#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/common/Errors.h"
#include "core/eval/Metrics.h"
#include "core/train/LearningRate.h"

namespace tweetlab::train {
namespace {

// Fisher-Yates with our own uniform draw (rejection sampling): std::shuffle is
// implementation-defined, and the same seed must give the same model with every standard library.
void shuffle(std::vector<std::size_t>& items, std::mt19937_64& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % i;
    std::uint64_t x = rng();
    while (x >= limit) x = rng();
    std::swap(items[i - 1], items[x % i]);
  }
}

torch::Tensor labelTensor(std::span<const int> labels, std::span<const std::size_t> rows) {
  std::vector<std::int64_t> values;
  values.reserve(rows.size());
  for (auto r : rows) values.push_back(labels[r] == 1 ? 1 : 0);
  return torch::tensor(values, torch::kInt64);
}

// Every parameter and buffer, deep-copied: the best epoch's weights for restore-best.
using Snapshot = std::vector<torch::Tensor>;

Snapshot snapshot(torch::nn::Module& module) {
  Snapshot s;
  for (const auto& p : module.parameters()) s.push_back(p.detach().clone());
  for (const auto& b : module.buffers()) s.push_back(b.detach().clone());
  return s;
}

void restore(torch::nn::Module& module, const Snapshot& s) {
  torch::NoGradGuard noGrad;
  std::size_t i = 0;
  for (auto& p : module.parameters()) p.copy_(s.at(i++));
  for (auto& b : module.buffers()) b.copy_(s.at(i++));
}

// Loss, accuracy and AUC of one split as the epoch saw it.
struct Tally {
  std::vector<double> probabilities;
  std::vector<int> labels;
  double lossSum = 0.0;  // sum over rows

  void add(const torch::Tensor& probabilityTensor, std::span<const int> allLabels,
           std::span<const std::size_t> rows, double meanLoss) {
    const auto p = probabilityTensor.to(torch::kCPU, torch::kFloat64).contiguous();
    const auto* values = p.data_ptr<double>();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      probabilities.push_back(values[i]);
      labels.push_back(allLabels[rows[i]]);
    }
    lossSum += meanLoss * static_cast<double>(rows.size());
  }

  // Rank 0 ends with every rank's rows (each trained on its share of every batch), so its
  // history's train loss, accuracy and AUC cover the whole epoch as a single process's would.
  void gatherToRoot(ProcessGroup& group) {
    std::vector<double> packed{lossSum, static_cast<double>(probabilities.size())};
    packed.insert(packed.end(), probabilities.begin(), probabilities.end());
    packed.insert(packed.end(), labels.begin(), labels.end());
    group.gatherToRoot(packed);
    if (!group.isRoot()) return;
    Tally all;
    for (std::size_t at = 0; at + 2 <= packed.size();) {
      const auto rows = static_cast<std::size_t>(packed[at + 1]);
      all.lossSum += packed[at];
      const auto* p = packed.data() + at + 2;
      all.probabilities.insert(all.probabilities.end(), p, p + rows);
      for (std::size_t i = 0; i < rows; ++i) all.labels.push_back(static_cast<int>(p[rows + i]));
      at += 2 + 2 * rows;
    }
    *this = std::move(all);
  }

  void writeTrain(HistoryRow& row) const {
    if (probabilities.empty()) return;
    row.loss = lossSum / static_cast<double>(probabilities.size());
    row.accuracy = accuracy();
    row.auc = eval::rocAuc(labels, probabilities);
  }
  void writeValidation(HistoryRow& row) const {
    if (probabilities.empty()) return;
    row.valLoss = lossSum / static_cast<double>(probabilities.size());
    row.valAccuracy = accuracy();
    row.valAuc = eval::rocAuc(labels, probabilities);
  }

 private:
  double accuracy() const {
    std::size_t right = 0;
    for (std::size_t i = 0; i < probabilities.size(); ++i) {
      right += (probabilities[i] >= 0.5) == (labels[i] == 1) ? 1 : 0;
    }
    return static_cast<double>(right) / static_cast<double>(probabilities.size());
  }
};

// The validation split scored in eval mode, without gradients. Every rank scores its contiguous
// share of the rows and rank 0 gathers them in rank order, so rank 0's tally holds every row in
// the split's order, as one process's would; the others' tallies hold nothing. Scored by rank 0
// alone, the pass was a part of every epoch that more ranks did not shorten (the others waited).
Tally scoreValidation(TrainingTask& task, const TrainingContext& context) {
  Tally tally;
  const auto labels = task.labels(Split::Validation);
  auto& group = *context.group;
  std::vector<std::size_t> all(labels.size());
  std::iota(all.begin(), all.end(), 0);
  const auto mine = shareOf(all, group);  // as a training batch is shared
  const auto batchSize = std::max<std::size_t>(1, task.evaluationBatchSize());
  torch::NoGradGuard noGrad;
  for (std::size_t start = 0; start < mine.size(); start += batchSize) {
    const auto rows = mine.subspan(start, std::min(batchSize, mine.size() - start));
    const auto logits = task.logits(Split::Validation, rows, context.device);
    const auto loss = task.loss(logits, context.place(labelTensor(labels, rows)));
    tally.add(task.positiveProbability(logits), labels, rows, loss.item<double>());
  }
  if (group.size() > 1) {
    tally.gatherToRoot(group);
    if (!group.isRoot()) tally = Tally{};  // its rows are rank 0's now
  }
  return tally;
}

// Every parameter's and buffer's shape, in order: ranks must train the same network.
std::string shapeSignature(torch::nn::Module& module) {
  std::string signature;
  const auto add = [&](const std::string& name, const torch::Tensor& t) {
    signature += name + "[";
    for (auto d : t.sizes()) signature += std::to_string(d) + ",";
    signature += "] ";
  };
  for (const auto& item : module.named_parameters()) add(item.key(), item.value());
  for (const auto& item : module.named_buffers()) add(item.key(), item.value());
  return signature;
}

// Sets every parameter group's rate to `rate` times the group's starting ratio to the base rate.
class GroupRates {
 public:
  GroupRates(torch::optim::Optimizer& optimizer, double base) : optimizer_(optimizer) {
    for (auto& group : optimizer.param_groups()) ratios_.push_back(group.options().get_lr() / base);
  }
  void set(double rate) {
    std::size_t i = 0;
    for (auto& group : optimizer_.param_groups()) group.options().set_lr(rate * ratios_.at(i++));
  }

 private:
  torch::optim::Optimizer& optimizer_;
  std::vector<double> ratios_;
};

}  // namespace

TrainOutcome trainEpochs(TrainingTask& task, const TrainerOptions& options,
                         const TrainingContext& context, TrainObserver& observer, History& history,
                         StartingWeights start) {
  validate(options, "trainer");
  const auto trainLabels = task.labels(Split::Train);
  if (trainLabels.empty()) throw InputError("trainer: no training rows");
  const bool validating = !task.labels(Split::Validation).empty();
  auto& group = *context.group;
  auto& module = task.module();
  context.place(module);
  if (group.size() > 1) {
    // A rank with other data or another network would exchange gradients of the wrong rows or
    // shapes: every rank stops here instead. Then all start from rank 0's weights.
    group.requireSame("training rows", std::to_string(trainLabels.size()));
    group.requireSame("network shape", shapeSignature(module));
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> state;
    for (const auto& p : module.parameters()) state.push_back(p.detach());
    for (const auto& b : module.buffers()) state.push_back(b.detach());
    group.broadcastTensors(state);
  }
  torch::manual_seed(options.seed);  // dropout masks
  std::mt19937_64 rng(options.seed);

  std::vector<torch::Tensor> trainable;
  for (const auto& p : module.parameters()) {
    if (p.requires_grad()) trainable.push_back(p);
  }
  const auto optimizer = task.makeOptimizer(options);
  GroupRates rates(*optimizer, options.learningRate);

  const std::size_t n = trainLabels.size();
  // Per rank, every rank trains batch_size rows a step: the global batch grows with the ranks.
  const auto batchSize = static_cast<std::size_t>(options.batchSize) *
                         (options.batchPerRank ? static_cast<std::size_t>(group.size()) : 1);
  const auto accumulation = static_cast<std::size_t>(options.accumulation);
  const auto epochs = static_cast<std::size_t>(options.epochs);
  const std::size_t microBatches = (n + batchSize - 1) / batchSize;
  const std::size_t stepsPerEpoch = (microBatches + accumulation - 1) / accumulation;
  const std::size_t totalMicroBatches = microBatches * epochs;
  LearningRate schedule(options, stepsPerEpoch * epochs);

  TrainOutcome outcome;
  double bestLoss = std::numeric_limits<double>::infinity();
  Snapshot best;
  if (start == StartingWeights::Trained && validating) {
    module.eval();
    HistoryRow baseline;
    scoreValidation(task, context).writeValidation(baseline);  // every rank scores its share
    if (group.isRoot()) bestLoss = baseline.valLoss;
    if (options.restoreBest) best = snapshot(module);
  }
  int epochsRun = 0, epochsWithoutImprovement = 0;
  std::size_t step = 0, done = 0;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // This rank's rows of a batch, dealt by what they cost to train (core/train/BatchShares.h).
  const auto shareCost = task.shareCost();
  std::vector<std::size_t> lengths;
  const auto dealtShare = [&](std::span<const std::size_t> batch) {
    lengths.clear();
    if (group.size() > 1 && shareCost.dependsOnLength()) {
      for (const auto row : batch) lengths.push_back(task.rowLength(Split::Train, row));
    }
    return costBalancedShare(batch, lengths, group.rank(), group.size(), shareCost);
  };

  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const auto started = std::chrono::steady_clock::now();
    module.train();
    shuffle(order, rng);
    Tally trained;
    double rate = schedule.at(step);
    std::size_t stepRows = 0;
    optimizer->zero_grad();
    for (std::size_t b = 0; b < microBatches; ++b) {
      if (group.anyRank(observer.stopRequested())) throw CancelledError();
      const std::span<const std::size_t> batch(order.data() + b * batchSize,
                                               std::min(batchSize, n - b * batchSize));
      const auto rows = dealtShare(batch);
      double batchLoss = std::numeric_limits<double>::quiet_NaN();
      if (!rows.empty()) {
        const auto logits = task.logits(Split::Train, rows, context.device);
        const auto loss = task.loss(logits, context.place(labelTensor(trainLabels, rows)));
        // Each micro-batch weighs by its share of the accumulated step.
        (loss / static_cast<double>(accumulation)).backward();
        batchLoss = loss.item<double>();
        // Train accuracy/AUC from the batches as trained (dropout on), as Keras reports them: a
        // second pass over the training split would cost another half epoch.
        trained.add(task.positiveProbability(logits.detach()), trainLabels, rows, batchLoss);
        stepRows += rows.size();
      }
      if ((b + 1) % accumulation == 0 || b + 1 == microBatches) {
        group.averageGradients(trainable, stepRows);
        stepRows = 0;
        rate = schedule.at(step);
        rates.set(rate);
        if (options.clipNorm > 0) torch::nn::utils::clip_grad_norm_(trainable, options.clipNorm);
        optimizer->step();
        optimizer->zero_grad();
        ++step;
      }
      ++done;
      observer.batchEnded(done, batchLoss);
      observer.progress(done, totalMicroBatches);
    }

    if (group.size() > 1) trained.gatherToRoot(group);
    HistoryRow row;
    row.epoch = epoch;
    trained.writeTrain(row);
    row.learningRate = rate;
    module.eval();
    if (validating) scoreValidation(task, context).writeValidation(row);  // rank 0's has all rows
    row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    history.push_back(row);
    ++epochsRun;
    observer.epochEnded(row);

    // Rank 0 alone knows the validation loss: its verdict is everyone's.
    std::array<std::int64_t, 1> improved{validating && row.valLoss < bestLoss ? 1 : 0};
    group.broadcastFromRoot(improved);
    if (!validating || improved[0] != 0) {
      if (validating) bestLoss = row.valLoss;
      outcome.bestEpoch = epoch;
      epochsWithoutImprovement = 0;
      if (validating && options.restoreBest) best = snapshot(module);
    } else {
      ++epochsWithoutImprovement;
    }
    if (validating && options.patience > 0 && epochsWithoutImprovement >= options.patience &&
        epoch < options.epochs) {
      outcome.stoppedEarly = true;
      break;
    }
    schedule.epochEnded(epoch, improved[0] != 0, validating);
  }
  if (!options.restoreBest) {
    outcome.bestEpoch = epochsRun;
  } else if (!best.empty() && outcome.bestEpoch != epochsRun) {
    restore(module, best);
  }
  module.eval();
  outcome.optimizerSteps = step;
  return outcome;
}

}  // namespace tweetlab::train
