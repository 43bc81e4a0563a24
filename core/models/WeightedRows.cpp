#include "core/models/WeightedRows.h"

#include <cmath>
#include <numeric>
#include <random>

#include "core/common/Errors.h"
#include "core/data/Random.h"

namespace tweetlab::models {
namespace {

std::vector<std::size_t> expandSubset(std::span<const double> weights,
                                      std::span<const std::size_t> rows, std::uint64_t seed) {
  if (weights.empty()) return {rows.begin(), rows.end()};
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<std::size_t> out;
  out.reserve(rows.size());
  for (auto r : rows) {
    const double w = weights[r];
    if (!(w > 0.0) || !std::isfinite(w))
      throw InputError("training row " + std::to_string(r + 1) + " has weight " +
                       std::to_string(w) + "; weights must be > 0");
    auto copies = static_cast<std::size_t>(std::floor(w));
    if (data::unitInterval(rng) < w - std::floor(w)) ++copies;
    out.insert(out.end(), copies, r);
  }
  data::seededShuffle(out, rng);
  return out;
}

}  // namespace

std::vector<std::size_t> expandByWeights(std::span<const double> weights, std::size_t rows,
                                         std::uint64_t seed) {
  if (!weights.empty() && weights.size() != rows)
    throw InputError("training data: " + std::to_string(rows) + " rows but " +
                     std::to_string(weights.size()) + " weights");
  std::vector<std::size_t> all(rows);
  std::iota(all.begin(), all.end(), 0);
  return expandSubset(weights, all, seed);
}

ExpandedRows expandRows(const LabeledTexts& data, std::span<const std::size_t> rows,
                        std::uint64_t seed) {
  if (data.weighted() && data.weights.size() != data.size())
    throw InputError("training data: " + std::to_string(data.size()) + " rows but " +
                     std::to_string(data.weights.size()) + " weights");
  ExpandedRows out;
  for (auto r : expandSubset(data.weights, rows, seed)) {
    out.texts.push_back(data.texts[r]);
    out.labels.push_back(data.labels[r]);
  }
  return out;
}

ExpandedRows expandRows(const LabeledTexts& data, std::uint64_t seed) {
  std::vector<std::size_t> all(data.size());
  std::iota(all.begin(), all.end(), 0);
  return expandRows(data, all, seed);
}

}  // namespace tweetlab::models
