#pragma once
// Balanced sampling: N tweets, half of each class, chosen and ordered by a seed.
#include <cstddef>
#include <cstdint>

#include "core/data/Dataset.h"

namespace tweetlab::data {

// n / 2 negatives and n - n / 2 positives in a seeded random order. n == 0 returns every row
// (shuffled). Throws InputError when a class has too few rows, naming the counts.
Dataset balancedSample(const Dataset& dataset, std::size_t n, std::uint64_t seed);

}  // namespace tweetlab::data
