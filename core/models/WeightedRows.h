#pragma once
// Row weights for libraries that take none. liblinear 2.3 (Debian's; per-instance weights exist
// only in a separate fork) and fastText train on rows, not weighted rows, so a weighted training
// set is given to them as repeated rows: a row of weight w appears floor(w) times and once more
// with probability frac(w), drawn from a seed. Integer weights are exact (weight 3 = three copies,
// which is exactly a loss term weighted 3); fractional ones are right in expectation. The rows
// come out shuffled so repeated rows are not adjacent (fastText's learning rate decays along the
// file).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/models/Classifier.h"

namespace tweetlab::models {

// Indices into the original rows, each repeated as its weight says, in a seeded random order.
// Without weights: every index once, in order.
std::vector<std::size_t> expandByWeights(std::span<const double> weights, std::size_t rows,
                                         std::uint64_t seed);

struct ExpandedRows {
  std::vector<std::string> texts;
  std::vector<int> labels;
  LabeledTexts view() const { return {texts, labels}; }
};

// The rows of `data` named by `rows` (e.g. one cross-validation fold), expanded by their weights.
ExpandedRows expandRows(const LabeledTexts& data, std::span<const std::size_t> rows,
                        std::uint64_t seed);
ExpandedRows expandRows(const LabeledTexts& data, std::uint64_t seed);

}  // namespace tweetlab::models
