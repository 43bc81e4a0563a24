#include "core/data/Sampling.h"

#include <array>
#include <random>
#include <string>

#include "core/common/Errors.h"
#include "core/data/Random.h"

namespace tweetlab::data {

Dataset balancedSample(const Dataset& dataset, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::size_t> picked;
  if (n == 0) {
    picked.resize(dataset.size());
    for (std::size_t i = 0; i < picked.size(); ++i) picked[i] = i;
  } else {
    std::array<std::vector<std::size_t>, 2> byClass;
    for (std::size_t i = 0; i < dataset.size(); ++i)
      byClass[dataset.rows[i].label == kPositive].push_back(i);
    const std::array<std::size_t, 2> wanted{n / 2, n - n / 2};
    for (int c = 0; c < 2; ++c) {
      if (byClass[c].size() < wanted[c]) {
        throw InputError("cannot sample " + std::to_string(n) + " balanced tweets: the data has " +
                         std::to_string(byClass[0].size()) + " negative and " +
                         std::to_string(byClass[1].size()) + " positive rows (at most " +
                         std::to_string(2 * std::min(byClass[0].size(), byClass[1].size())) + ")");
      }
      // Partial Fisher-Yates: the first wanted[c] slots become a uniform random subset.
      auto& idx = byClass[c];
      for (std::size_t i = 0; i < wanted[c]; ++i)
        std::swap(idx[i], idx[i + uniformBelow(rng, idx.size() - i)]);
      picked.insert(picked.end(), idx.begin(),
                    idx.begin() + static_cast<std::ptrdiff_t>(wanted[c]));
    }
  }
  seededShuffle(picked, rng);
  Dataset out;
  out.rows.reserve(picked.size());
  for (auto i : picked) out.rows.push_back(dataset.rows[i]);
  return out;
}

}  // namespace tweetlab::data
