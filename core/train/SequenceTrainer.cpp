#include "core/train/SequenceTrainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/common/Errors.h"
#include "core/eval/Metrics.h"

namespace tweetlab::train {
namespace {

// Uniform integer in [0, bound) by rejection: std::shuffle is implementation-defined and would
// make runs differ between standard libraries.
std::uint64_t uniformBelow(std::mt19937_64& rng, std::uint64_t bound) {
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  std::uint64_t x = rng();
  while (x >= limit) x = rng();
  return x % bound;
}

void shuffle(std::vector<std::size_t>& items, std::mt19937_64& rng) {
  for (std::size_t i = items.size(); i > 1; --i)
    std::swap(items[i - 1], items[uniformBelow(rng, i)]);
}

torch::Tensor labelTensor(std::span<const int> labels, std::span<const std::size_t> rows) {
  std::vector<float> values;
  values.reserve(rows.size());
  for (auto r : rows) values.push_back(labels[r] == 1 ? 1.0f : 0.0f);
  return torch::tensor(values, torch::kFloat32);
}

// Every parameter and buffer, deep-copied: the best epoch's weights for restore-best.
using Snapshot = std::vector<torch::Tensor>;

Snapshot snapshot(torch::nn::Module& model) {
  Snapshot s;
  for (const auto& p : model.parameters()) s.push_back(p.detach().clone());
  for (const auto& b : model.buffers()) s.push_back(b.detach().clone());
  return s;
}

void restore(torch::nn::Module& model, const Snapshot& s) {
  torch::NoGradGuard noGrad;
  std::size_t i = 0;
  for (auto& p : model.parameters()) p.copy_(s.at(i++));
  for (auto& b : model.buffers()) b.copy_(s.at(i++));
}

void setLearningRate(torch::optim::Adam& optimizer, double rate) {
  for (auto& group : optimizer.param_groups()) {
    static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
  }
}

struct Scores {
  double loss = std::numeric_limits<double>::quiet_NaN();
  double accuracy = std::numeric_limits<double>::quiet_NaN();
  double auc = std::numeric_limits<double>::quiet_NaN();
};

Scores score(std::span<const int> labels, std::span<const double> probabilities, double lossSum) {
  Scores s;
  if (probabilities.empty()) return s;
  s.loss = lossSum / static_cast<double>(probabilities.size());
  std::size_t right = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    right += (probabilities[i] >= 0.5) == (labels[i] == 1) ? 1 : 0;
  }
  s.accuracy = static_cast<double>(right) / static_cast<double>(probabilities.size());
  s.auc = eval::rocAuc(labels, probabilities);
  return s;
}

// Validation loss, accuracy and AUC in eval mode.
Scores evaluateOn(SequenceModule& model, const SequenceData& data, std::size_t batchSize) {
  if (data.size() == 0) return {};
  torch::NoGradGuard noGrad;
  std::vector<double> probabilities;
  probabilities.reserve(data.size());
  double lossSum = 0.0;
  std::vector<std::size_t> rows;
  for (std::size_t start = 0; start < data.size(); start += batchSize) {
    rows.resize(std::min(batchSize, data.size() - start));
    std::iota(rows.begin(), rows.end(), start);
    const auto batch = padBatch(data.sequences, rows);
    const auto logits = model.forward(batch.tokens, batch.lengths);
    const auto target = labelTensor(data.labels, rows);
    lossSum +=
        torch::binary_cross_entropy_with_logits(logits, target, {}, {}, torch::Reduction::Sum)
            .item<double>();
    const auto p = torch::sigmoid(logits).to(torch::kFloat64).contiguous();
    probabilities.insert(probabilities.end(), p.data_ptr<double>(),
                         p.data_ptr<double>() + p.numel());
  }
  return score(data.labels, probabilities, lossSum);
}

void checkData(const SequenceData& data, const char* what) {
  if (data.sequences.size() != data.labels.size()) {
    throw InputError(std::string("trainer: ") + what + " sequences and labels differ in count");
  }
  for (const auto& s : data.sequences) {
    if (s.empty()) throw InputError(std::string("trainer: an empty ") + what + " sequence");
  }
}

}  // namespace

std::string toString(LrSchedule s) {
  switch (s) {
    case LrSchedule::Step:
      return "step";
    case LrSchedule::Plateau:
      return "plateau";
    case LrSchedule::None:
      break;
  }
  return "none";
}

LrSchedule lrScheduleFromString(std::string_view s) {
  if (s == "none") return LrSchedule::None;
  if (s == "step") return LrSchedule::Step;
  if (s == "plateau") return LrSchedule::Plateau;
  throw InputError("lr_schedule must be none, step or plateau, not '" + std::string(s) + "'");
}

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

TrainOutcome trainSequenceModel(SequenceModule& model, const SequenceData& train,
                                const SequenceData& validation, const TrainerOptions& options,
                                TrainObserver& observer, History& history) {
  checkData(train, "training");
  checkData(validation, "validation");
  if (train.size() == 0) throw InputError("trainer: no training rows");
  if (options.epochs < 1 || options.batchSize < 1 || !(options.learningRate > 0) ||
      options.patience < 0 || options.clipNorm < 0 || options.stepEpochs < 1 ||
      !(options.lrFactor > 0 && options.lrFactor <= 1)) {
    throw InputError(
        "trainer: epochs, batch_size, lr and step_epochs must be positive, patience "
        "and clip_norm >= 0, 0 < lr_factor <= 1");
  }
  torch::manual_seed(options.seed);  // dropout masks
  std::mt19937_64 rng(options.seed);

  std::vector<torch::Tensor> trainable;
  for (const auto& p : model.parameters()) {
    if (p.requires_grad()) trainable.push_back(p);
  }
  torch::optim::Adam optimizer(
      trainable, torch::optim::AdamOptions(options.learningRate).weight_decay(options.weightDecay));

  const auto batchSize = static_cast<std::size_t>(options.batchSize);
  const std::size_t batchesPerEpoch = (train.size() + batchSize - 1) / batchSize;
  const std::size_t totalBatches = batchesPerEpoch * static_cast<std::size_t>(options.epochs);
  const bool earlyStopping = validation.size() > 0;
  std::vector<std::size_t> order(train.size());
  std::iota(order.begin(), order.end(), 0);

  TrainOutcome outcome;
  double bestLoss = std::numeric_limits<double>::infinity();
  Snapshot best;
  int epochsWithoutImprovement = 0;
  double rate = options.learningRate;
  std::size_t batchesDone = 0;
  std::vector<double> probabilities(train.size());
  std::vector<int> epochLabels(train.size());

  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const auto started = std::chrono::steady_clock::now();
    model.train();
    shuffle(order, rng);
    double lossSum = 0.0;
    for (std::size_t b = 0; b < batchesPerEpoch; ++b) {
      throwIfStopRequested(observer);
      const std::span<const std::size_t> rows(order.data() + b * batchSize,
                                              std::min(batchSize, train.size() - b * batchSize));
      const auto batch = padBatch(train.sequences, rows);
      const auto target = labelTensor(train.labels, rows);
      optimizer.zero_grad();
      const auto logits = model.forward(batch.tokens, batch.lengths);
      const auto loss = torch::binary_cross_entropy_with_logits(logits, target);
      loss.backward();
      if (options.clipNorm > 0) torch::nn::utils::clip_grad_norm_(trainable, options.clipNorm);
      optimizer.step();

      const double batchLoss = loss.item<double>();
      lossSum += batchLoss * static_cast<double>(rows.size());
      // Train accuracy/AUC from the batches as trained (dropout on), as Keras reports them:
      // a second pass over the training split would cost another half epoch.
      const auto p = torch::sigmoid(logits.detach()).to(torch::kFloat64).contiguous();
      for (std::size_t i = 0; i < rows.size(); ++i) {
        probabilities[b * batchSize + i] = p.data_ptr<double>()[i];
        epochLabels[b * batchSize + i] = train.labels[rows[i]];
      }
      ++batchesDone;
      observer.batchEnded(batchesDone, batchLoss);
      observer.progress(batchesDone, totalBatches);
    }

    HistoryRow row;
    row.epoch = epoch;
    const auto trainScores = score(epochLabels, probabilities, lossSum);
    row.loss = trainScores.loss;
    row.accuracy = trainScores.accuracy;
    row.auc = trainScores.auc;
    model.eval();
    const auto valScores = evaluateOn(model, validation, 256);
    row.valLoss = valScores.loss;
    row.valAccuracy = valScores.accuracy;
    row.valAuc = valScores.auc;
    row.learningRate = rate;
    row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    history.push_back(row);
    observer.epochEnded(row);

    const bool improved = earlyStopping && valScores.loss < bestLoss;
    if (!earlyStopping || improved) {
      bestLoss = earlyStopping ? valScores.loss : bestLoss;
      outcome.bestEpoch = epoch;
      epochsWithoutImprovement = 0;
      if (earlyStopping && options.restoreBest) best = snapshot(model);
    } else {
      ++epochsWithoutImprovement;
    }
    if (earlyStopping && options.patience > 0 && epochsWithoutImprovement >= options.patience &&
        epoch < options.epochs) {
      outcome.stoppedEarly = true;
      break;
    }
    const bool decay = (options.schedule == LrSchedule::Step && epoch % options.stepEpochs == 0) ||
                       (options.schedule == LrSchedule::Plateau && earlyStopping && !improved);
    if (decay) {
      rate *= options.lrFactor;
      setLearningRate(optimizer, rate);
    }
  }
  if (earlyStopping && options.restoreBest && !best.empty()) {
    restore(model, best);
  } else if (!options.restoreBest) {
    outcome.bestEpoch = static_cast<int>(history.size());
  }
  model.eval();
  return outcome;
}

std::vector<double> predictSequences(SequenceModule& model,
                                     std::span<const std::vector<std::int32_t>> sequences,
                                     std::size_t batchSize) {
  torch::NoGradGuard noGrad;
  std::vector<double> out;
  out.reserve(sequences.size());
  std::vector<std::size_t> rows;
  batchSize = std::max<std::size_t>(batchSize, 1);
  for (std::size_t start = 0; start < sequences.size(); start += batchSize) {
    rows.resize(std::min(batchSize, sequences.size() - start));
    std::iota(rows.begin(), rows.end(), start);
    const auto batch = padBatch(sequences, rows);
    const auto p =
        torch::sigmoid(model.forward(batch.tokens, batch.lengths)).to(torch::kFloat64).contiguous();
    out.insert(out.end(), p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
  }
  return out;
}

}  // namespace tweetlab::train
