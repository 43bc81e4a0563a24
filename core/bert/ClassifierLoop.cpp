#include "core/bert/ClassifierLoop.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/common/Errors.h"
#include "core/eval/Metrics.h"

namespace tweetlab::bert {
namespace {

// Fisher-Yates with our own uniform draw: std::shuffle differs between standard libraries and
// the same seed must give the same model everywhere.
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

bool excludedFromDecay(const std::string& name, const torch::Tensor& p) {
  // Biases and LayerNorm gains are 1-D; BERT's recipe leaves them without weight decay.
  return p.dim() < 2 || name.find("norm") != std::string::npos;
}

double scheduledRate(double base, std::size_t step, std::size_t warmup, std::size_t total) {
  if (step < warmup) return base * static_cast<double>(step + 1) / static_cast<double>(warmup + 1);
  if (total <= warmup) return base;
  const auto left = static_cast<double>(total - step) / static_cast<double>(total - warmup);
  return base * std::max(0.0, left);
}

struct Scores {
  double loss = std::numeric_limits<double>::quiet_NaN();
  double accuracy = std::numeric_limits<double>::quiet_NaN();
  double auc = std::numeric_limits<double>::quiet_NaN();
};

Scores score(std::span<const int> labels, std::span<const double> probabilities) {
  Scores s;
  if (probabilities.empty()) return s;
  const auto m = eval::evaluate(labels, probabilities);
  s.loss = m.logLoss;
  s.accuracy = m.accuracy;
  s.auc = m.rocAuc;
  return s;
}

}  // namespace

std::vector<double> positiveProbabilities(const LogitsFn& logits, std::size_t rows,
                                          std::size_t batchSize, bool validation) {
  torch::NoGradGuard noGrad;
  std::vector<double> out;
  out.reserve(rows);
  std::vector<std::size_t> batch;
  for (std::size_t start = 0; start < rows; start += batchSize) {
    batch.resize(std::min(batchSize, rows - start));
    std::iota(batch.begin(), batch.end(), start);
    const auto p =
        torch::softmax(logits(batch, validation), 1).select(1, 1).to(torch::kFloat64).contiguous();
    out.insert(out.end(), p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
  }
  return out;
}

LoopOutcome trainClassifier(torch::nn::Module& model, const LogitsFn& logits,
                            std::span<const int> trainLabels, std::span<const int> valLabels,
                            const LoopOptions& options, train::TrainObserver& observer,
                            train::History& history) {
  if (trainLabels.empty()) throw InputError("BERT: no training rows");
  const std::size_t n = trainLabels.size();
  const auto batchSize = std::max<std::size_t>(1, options.batchSize);
  const auto accumulation = static_cast<std::size_t>(std::max(1, options.accumulation));
  const std::size_t microBatches = (n + batchSize - 1) / batchSize;
  const std::size_t stepsPerEpoch = (microBatches + accumulation - 1) / accumulation;
  const std::size_t totalSteps =
      stepsPerEpoch * static_cast<std::size_t>(std::max(1, options.epochs));
  const auto warmup =
      static_cast<std::size_t>(options.warmupRatio * static_cast<double>(totalSteps));

  std::vector<torch::Tensor> decay, noDecay, trainable;
  for (const auto& item : model.named_parameters()) {
    if (!item.value().requires_grad()) continue;
    (excludedFromDecay(item.key(), item.value()) ? noDecay : decay).push_back(item.value());
    trainable.push_back(item.value());
  }
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(
      decay,
      std::make_unique<torch::optim::AdamWOptions>(
          torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay)));
  groups.emplace_back(noDecay,
                      std::make_unique<torch::optim::AdamWOptions>(
                          torch::optim::AdamWOptions(options.learningRate).weight_decay(0.0)));
  torch::optim::AdamW optimizer(groups, torch::optim::AdamWOptions(options.learningRate));

  std::mt19937_64 rng(options.seed);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  LoopOutcome outcome;
  double bestLoss = std::numeric_limits<double>::infinity();
  std::vector<torch::Tensor> best;
  int sinceBest = 0;
  std::size_t step = 0, done = 0;
  const std::size_t totalMicro =
      microBatches * static_cast<std::size_t>(std::max(1, options.epochs));

  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const auto started = std::chrono::steady_clock::now();
    model.train();
    shuffle(order, rng);
    std::vector<double> trainProbabilities(n);
    double lossSum = 0;
    double rate = options.learningRate;
    optimizer.zero_grad();
    for (std::size_t b = 0; b < microBatches; ++b) {
      train::throwIfStopRequested(observer);
      const std::span<const std::size_t> rows(order.data() + b * batchSize,
                                              std::min(batchSize, n - b * batchSize));
      const auto out = logits(rows, false);
      const auto loss = torch::nn::functional::cross_entropy(out, labelTensor(trainLabels, rows));
      // Each micro-batch weighs by its share of the accumulated step.
      (loss / static_cast<double>(accumulation)).backward();
      const auto p = torch::softmax(out.detach(), 1).select(1, 1).to(torch::kFloat64).contiguous();
      for (std::size_t i = 0; i < rows.size(); ++i)
        trainProbabilities[rows[i]] = p.data_ptr<double>()[i];
      const double batchLoss = loss.item<double>();
      lossSum += batchLoss * static_cast<double>(rows.size());
      if ((b + 1) % accumulation == 0 || b + 1 == microBatches) {
        rate = scheduledRate(options.learningRate, step, warmup, totalSteps);
        for (auto& group : optimizer.param_groups()) {
          static_cast<torch::optim::AdamWOptions&>(group.options()).lr(rate);
        }
        if (options.clipNorm > 0) torch::nn::utils::clip_grad_norm_(trainable, options.clipNorm);
        optimizer.step();
        optimizer.zero_grad();
        ++step;
      }
      observer.batchEnded(done, batchLoss);
      observer.progress(++done, totalMicro);
    }

    train::HistoryRow row;
    row.epoch = epoch;
    const auto trainScores = score(trainLabels, trainProbabilities);
    row.loss = lossSum / static_cast<double>(n);
    row.accuracy = trainScores.accuracy;
    row.auc = trainScores.auc;
    row.learningRate = rate;
    if (!valLabels.empty()) {
      model.eval();
      const auto valProbabilities = positiveProbabilities(logits, valLabels.size(), 128, true);
      const auto valScores = score(valLabels, valProbabilities);
      row.valLoss = valScores.loss;
      row.valAccuracy = valScores.accuracy;
      row.valAuc = valScores.auc;
    }
    row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    history.push_back(row);
    observer.epochEnded(row);

    if (valLabels.empty()) {
      outcome.bestEpoch = epoch;
      continue;
    }
    if (row.valLoss < bestLoss) {
      bestLoss = row.valLoss;
      outcome.bestEpoch = epoch;
      sinceBest = 0;
      if (options.restoreBest) {
        best.clear();
        for (const auto& p : model.parameters()) best.push_back(p.detach().clone());
      }
    } else if (options.patience > 0 && ++sinceBest >= options.patience) {
      outcome.stoppedEarly = true;
      break;
    }
  }
  if (options.restoreBest && !best.empty() &&
      outcome.bestEpoch != static_cast<int>(history.size())) {
    torch::NoGradGuard noGrad;
    std::size_t i = 0;
    for (auto& p : model.parameters()) p.copy_(best.at(i++));
  }
  model.eval();
  outcome.optimizerSteps = step;
  return outcome;
}

}  // namespace tweetlab::bert
