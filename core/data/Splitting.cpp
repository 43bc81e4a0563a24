#include "core/data/Splitting.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "core/common/Errors.h"
#include "core/common/Numbers.h"
#include "core/data/Digest.h"
#include "core/data/Random.h"

namespace tweetlab::data {

SplitRatios SplitRatios::parse(const std::string& text) {
  std::vector<double> parts;
  std::string current;
  auto flush = [&] {
    const auto value = parseDouble(current);
    if (!value)
      throw InputError("split ratios: '" + current + "' is not a number (use e.g. 0.7,0.15,0.15)");
    parts.push_back(*value);
    current.clear();
  };
  for (char c : text) {
    if (c == ',' || c == '/' || c == ':') {
      flush();
    } else if (c != ' ') {
      current.push_back(c);
    }
  }
  flush();
  if (parts.size() == 2) parts.push_back(0.0);
  if (parts.size() != 3)
    throw InputError("split ratios: give train,val,test (e.g. 0.7,0.15,0.15), not '" + text + "'");
  const double sum = parts[0] + parts[1] + parts[2];
  if (std::abs(sum - 100.0) < 1e-6) {
    for (auto& p : parts) p /= 100.0;
  }
  SplitRatios r{parts[0], parts[1], parts[2]};
  r.validate();
  return r;
}

void SplitRatios::validate() const {
  if (train <= 0 || val < 0 || test < 0) {
    throw InputError("split ratios must be >= 0 with a positive training share (got " +
                     formatDouble(train) + ", " + formatDouble(val) + ", " + formatDouble(test) +
                     ")");
  }
  if (std::abs(train + val + test - 1.0) > 1e-6) {
    throw InputError("split ratios must sum to 1 (got " + formatDouble(train + val + test) + ")");
  }
}

DatasetSplit stratifiedSplit(Dataset dataset, const SplitRatios& ratios, std::uint64_t seed) {
  ratios.validate();
  DatasetSplit split;
  split.seed = seed;
  split.ratios = ratios;
  split.digest = datasetDigest(dataset);
  std::mt19937_64 rng(seed);
  std::array<std::vector<std::size_t>, 2> byClass;
  for (std::size_t i = 0; i < dataset.size(); ++i)
    byClass[dataset.rows[i].label == kPositive].push_back(i);
  // Which part each row goes to; rows keep a seeded order inside each part.
  std::vector<std::size_t> trainIdx, valIdx, testIdx;
  for (auto& idx : byClass) {
    seededShuffle(idx, rng);
    const auto n = static_cast<double>(idx.size());
    const auto nTrain =
        std::min(idx.size(), static_cast<std::size_t>(std::llround(n * ratios.train)));
    // The rounding remainder goes to test, or to validation when there is no test share.
    const auto nVal =
        ratios.test == 0.0
            ? idx.size() - nTrain
            : std::min(idx.size() - nTrain, static_cast<std::size_t>(std::llround(n * ratios.val)));
    const auto cut1 = idx.begin() + static_cast<std::ptrdiff_t>(nTrain);
    const auto cut2 = cut1 + static_cast<std::ptrdiff_t>(nVal);
    trainIdx.insert(trainIdx.end(), idx.begin(), cut1);
    valIdx.insert(valIdx.end(), cut1, cut2);
    testIdx.insert(testIdx.end(), cut2, idx.end());
  }
  auto take = [&](std::vector<std::size_t>& idx, Dataset& out) {
    seededShuffle(idx, rng);  // interleave the classes
    out.rows.reserve(idx.size());
    for (auto i : idx) out.rows.push_back(std::move(dataset.rows[i]));
  };
  take(trainIdx, split.train);
  take(valIdx, split.val);
  take(testIdx, split.test);
  return split;
}

std::vector<Fold> stratifiedKFold(std::span<const int> labels, int k, std::uint64_t seed) {
  if (k < 2)
    throw InputError("cross-validation needs at least 2 folds (got " + std::to_string(k) + ")");
  std::array<std::vector<std::size_t>, 2> byClass;
  for (std::size_t i = 0; i < labels.size(); ++i) byClass[labels[i] == kPositive].push_back(i);
  for (int c = 0; c < 2; ++c) {
    if (byClass[c].size() < static_cast<std::size_t>(k)) {
      throw InputError(std::to_string(k) + "-fold cross-validation needs at least " +
                       std::to_string(k) + " " + (c == 0 ? "negative" : "positive") +
                       " rows, the training data has " + std::to_string(byClass[c].size()));
    }
  }
  std::mt19937_64 rng(seed);
  std::vector<int> foldOf(labels.size(), 0);
  int next = 0;
  for (auto& idx : byClass) {
    seededShuffle(idx, rng);
    // Continue the round-robin across classes so fold sizes differ by at most one.
    for (auto i : idx) {
      foldOf[i] = next;
      next = (next + 1) % k;
    }
  }
  std::vector<Fold> folds(static_cast<std::size_t>(k));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    for (int f = 0; f < k; ++f) (f == foldOf[i] ? folds[f].test : folds[f].train).push_back(i);
  }
  return folds;
}

}  // namespace tweetlab::data
