#include "core/train/BatchShares.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

namespace tweetlab::train {

std::span<const std::size_t> contiguousShare(std::span<const std::size_t> batch, int rank,
                                             int ranks) {
  const auto n = batch.size();
  const auto w = static_cast<std::size_t>(std::max(ranks, 1));
  const auto r = static_cast<std::size_t>(std::clamp(rank, 0, std::max(ranks - 1, 0)));
  return batch.subspan(r * n / w, (r + 1) * n / w - r * n / w);
}

namespace {

// The cost in whole units: every rank must cut a batch at exactly the same rows, and integer
// arithmetic gives the same cut on every machine and build, with no tolerance in the search. The
// largest coefficient becomes 2^20 units, which keeps the others' ratios to it within 1e-6.
struct WholeCost {
  std::int64_t perRow = 0, perToken = 0, perTimeStep = 0, perPaddedToken = 0;

  explicit WholeCost(const ShareCost& c) {
    const double largest = std::max({c.perRow, c.perToken, c.perTimeStep, c.perPaddedToken});
    const double scale = largest > 0.0 ? static_cast<double>(1 << 20) / largest : 0.0;
    const auto whole = [&](double v) { return std::llround(std::max(v, 0.0) * scale); };
    perRow = whole(c.perRow);
    perToken = whole(c.perToken);
    perTimeStep = whole(c.perTimeStep);
    perPaddedToken = whole(c.perPaddedToken);
  }
  std::int64_t of(std::size_t rows, std::size_t tokens, std::size_t longest) const {
    const auto r = static_cast<std::int64_t>(rows), t = static_cast<std::int64_t>(tokens),
               l = static_cast<std::int64_t>(longest);
    return perRow * r + perToken * t + perTimeStep * l + perPaddedToken * r * l;
  }
};

// Rows sorted longest first, with prefix sums of their lengths: the cost of any contiguous part
// in O(1), its longest row being its first.
class SortedBatch {
 public:
  SortedBatch(std::span<const std::size_t> lengths, const ShareCost& cost)
      : order_(lengths.size()), tokensBefore_(lengths.size() + 1, 0), cost_(cost) {
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](std::size_t a, std::size_t b) { return lengths[a] > lengths[b]; });
    longest_.reserve(order_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) {
      longest_.push_back(lengths[order_[i]]);
      tokensBefore_[i + 1] = tokensBefore_[i] + lengths[order_[i]];
    }
  }
  std::size_t size() const { return order_.size(); }
  std::size_t position(std::size_t i) const { return order_[i]; }
  // Cost of sorted rows [begin, end), begin < end.
  std::int64_t cost(std::size_t begin, std::size_t end) const {
    return cost_.of(end - begin, tokensBefore_[end] - tokensBefore_[begin], longest_[begin]);
  }
  // The ends of the parts a greedy walk cuts when no part may cost more than `limit`: each part
  // takes rows while it stays within the limit. Costs only grow as a part takes rows, so this is
  // the fewest parts any contiguous cut needs at that limit.
  std::vector<std::size_t> cutsWithin(std::int64_t limit) const {
    std::vector<std::size_t> ends;
    std::size_t begin = 0;
    while (begin < size()) {
      std::size_t end = begin + 1;  // a row alone always fits: the limit is never below one row
      while (end < size() && cost(begin, end + 1) <= limit) ++end;
      ends.push_back(end);
      begin = end;
    }
    return ends;
  }

 private:
  std::vector<std::size_t> order_, longest_, tokensBefore_;
  WholeCost cost_;
};

}  // namespace

std::vector<std::size_t> costBalancedShare(std::span<const std::size_t> batch,
                                           std::span<const std::size_t> lengths, int rank,
                                           int ranks, const ShareCost& cost) {
  const auto n = batch.size();
  const auto w = static_cast<std::size_t>(std::max(ranks, 1));
  const auto r = static_cast<std::size_t>(std::clamp(rank, 0, std::max(ranks - 1, 0)));
  if (w == 1 || !cost.dependsOnLength() || lengths.size() != n) {
    const auto part = contiguousShare(batch, rank, ranks);
    return {part.begin(), part.end()};
  }
  const SortedBatch sorted(lengths, cost);
  // The least limit at which the batch cuts into `ranks` parts lies between the dearest single
  // row and the whole batch: search it, then cut there.
  std::int64_t low = 0;
  for (std::size_t i = 0; i < n; ++i) low = std::max(low, sorted.cost(i, i + 1));
  std::int64_t high = n == 0 ? 0 : sorted.cost(0, n);
  while (low < high) {
    const std::int64_t middle = low + (high - low) / 2;
    if (sorted.cutsWithin(middle).size() <= w) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  const auto ends = sorted.cutsWithin(high);
  if (r >= ends.size()) return {};
  const std::size_t begin = r == 0 ? 0 : ends[r - 1];
  std::vector<std::size_t> share;
  share.reserve(ends[r] - begin);
  for (std::size_t i = begin; i < ends[r]; ++i) share.push_back(batch[sorted.position(i)]);
  return share;
}

}  // namespace tweetlab::train
