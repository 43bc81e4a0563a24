#pragma once
// Stratified train/validation/test split and stratified k-fold, both seeded.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace tweetlab::data {

struct SplitRatios {
  double train = 0.70;
  double val = 0.15;
  double test = 0.15;

  // "0.7,0.15,0.15", "70/15/15" or "80:20:0" (percentages when they sum to 100).
  static SplitRatios parse(const std::string& text);
  // Throws InputError unless all are >= 0, train > 0 and they sum to 1.
  void validate() const;
};

struct DatasetSplit {
  Dataset train, val, test;
  std::string digest;  // datasetDigest of the rows that were split
  std::uint64_t seed = 0;
  SplitRatios ratios;
};

// Each class is shuffled with the seed and cut by the ratios (rounded), so the label balance
// of every part matches the whole.
DatasetSplit stratifiedSplit(Dataset dataset, const SplitRatios& ratios, std::uint64_t seed);

struct Fold {
  std::vector<std::size_t> train;  // row indices, ascending
  std::vector<std::size_t> test;
};

// k folds whose test parts partition the rows, each with the class balance of the whole.
// Throws InputError when k < 2 or a class has fewer than k rows.
std::vector<Fold> stratifiedKFold(std::span<const int> labels, int k, std::uint64_t seed);

}  // namespace tweetlab::data
