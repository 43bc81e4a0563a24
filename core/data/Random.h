#pragma once
// Seeded shuffling that gives the same order on every platform and standard library
// (std::shuffle and std::uniform_int_distribution are implementation-defined).
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace tweetlab::data {

// Uniform integer in [0, bound) by rejection, so there is no modulo bias.
inline std::uint64_t uniformBelow(std::mt19937_64& rng, std::uint64_t bound) {
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  std::uint64_t x = rng();
  while (x >= limit) x = rng();
  return x % bound;
}

// Uniform double in [0, 1) from the top 53 bits, the same on every platform.
inline double unitInterval(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

template <typename T>
void seededShuffle(std::vector<T>& items, std::mt19937_64& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[uniformBelow(rng, i)]);
  }
}

}  // namespace tweetlab::data
