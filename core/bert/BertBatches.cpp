#include "core/bert/BertBatches.h"

#include <algorithm>
#include <numeric>

namespace tweetlab::bert {

PaddedIds padSequences(const Sequences& sequences, std::span<const std::size_t> rows,
                       std::int64_t padId) {
  std::size_t longest = 1;
  for (auto r : rows) longest = std::max(longest, sequences[r].size());
  const auto n = static_cast<std::int64_t>(rows.size());
  const auto width = static_cast<std::int64_t>(longest);
  auto ids = torch::full({n, width}, padId, torch::kInt64);
  auto mask = torch::zeros({n, width}, torch::kInt64);
  auto idsAccess = ids.accessor<std::int64_t, 2>();
  auto maskAccess = mask.accessor<std::int64_t, 2>();
  for (std::int64_t i = 0; i < n; ++i) {
    const auto& sequence = sequences[rows[static_cast<std::size_t>(i)]];
    for (std::size_t t = 0; t < sequence.size(); ++t) {
      idsAccess[i][static_cast<std::int64_t>(t)] = sequence[t];
      maskAccess[i][static_cast<std::int64_t>(t)] = 1;
    }
  }
  return {ids, mask};
}

std::vector<std::vector<std::size_t>> lengthSortedBatches(const Sequences& sequences,
                                                          std::size_t batchSize) {
  std::vector<std::size_t> order(sequences.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return sequences[a].size() < sequences[b].size();
  });
  std::vector<std::vector<std::size_t>> batches;
  for (std::size_t start = 0; start < order.size(); start += batchSize) {
    const auto end = std::min(order.size(), start + batchSize);
    batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(start),
                         order.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return batches;
}

}  // namespace tweetlab::bert
