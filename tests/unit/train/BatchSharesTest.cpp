#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "core/train/BatchShares.h"

using tweetlab::train::costBalancedShare;
using tweetlab::train::ShareCost;

namespace {

// A packed LSTM's shape of cost (SequenceNets.cpp) and a padded convolution's.
const ShareCost kRecurrent{.perRow = 0.0, .perToken = 1.0, .perTimeStep = 48.0};
const ShareCost kPadded{.perRow = 0.0, .perPaddedToken = 1.0};

struct Batch {
  std::vector<std::size_t> rows, lengths;
  std::size_t lengthOf(std::size_t row) const {
    return lengths[static_cast<std::size_t>(std::find(rows.begin(), rows.end(), row) -
                                            rows.begin())];
  }
  double costOf(const std::vector<std::size_t>& share, const ShareCost& cost) const {
    std::size_t tokens = 0, longest = 0;
    for (const auto row : share) {
      tokens += lengthOf(row);
      longest = std::max(longest, lengthOf(row));
    }
    const auto r = static_cast<double>(share.size()), t = static_cast<double>(tokens),
               l = static_cast<double>(longest);
    return share.empty() ? 0.0
                         : cost.perRow * r + cost.perToken * t + cost.perTimeStep * l +
                               cost.perPaddedToken * r * l;
  }
  std::vector<std::vector<std::size_t>> deal(int ranks, const ShareCost& cost) const {
    std::vector<std::vector<std::size_t>> shares;
    for (int r = 0; r < ranks; ++r)
      shares.push_back(costBalancedShare(rows, lengths, r, ranks, cost));
    return shares;
  }
};

// Rows numbered from 100 (so a row is never confused with its position), shuffled lengths.
Batch randomBatch(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> length(1, 50);
  Batch batch;
  for (std::size_t i = 0; i < n; ++i) {
    batch.rows.push_back(100 + i);
    batch.lengths.push_back(length(rng));
  }
  return batch;
}

double dearest(const Batch& batch, const std::vector<std::vector<std::size_t>>& shares,
               const ShareCost& cost) {
  double worst = 0.0;
  for (const auto& share : shares) worst = std::max(worst, batch.costOf(share, cost));
  return worst;
}

}  // namespace

TEST(BatchShares, SharesHoldEveryRowOnceWhateverTheCost) {
  for (const auto& cost : {ShareCost{}, kRecurrent, kPadded}) {
    for (const int ranks : {1, 2, 3, 4}) {
      const auto batch = randomBatch(37, static_cast<unsigned>(ranks));
      std::vector<std::size_t> joined;
      for (const auto& share : batch.deal(ranks, cost)) {
        joined.insert(joined.end(), share.begin(), share.end());
      }
      std::sort(joined.begin(), joined.end());
      EXPECT_EQ(joined, batch.rows) << ranks << " ranks";
    }
  }
}

TEST(BatchShares, ACostBlindToLengthDealsContiguousNearEqualParts) {
  const auto batch = randomBatch(10, 1);
  const auto shares = batch.deal(3, ShareCost{});
  EXPECT_EQ(shares[0], (std::vector<std::size_t>{100, 101, 102}));
  EXPECT_EQ(shares[1], (std::vector<std::size_t>{103, 104, 105}));
  EXPECT_EQ(shares[2], (std::vector<std::size_t>{106, 107, 108, 109}));
  // One rank trains the batch as it is, whatever the cost.
  EXPECT_EQ(costBalancedShare(batch.rows, batch.lengths, 0, 1, kRecurrent), batch.rows);
}

// A recurrent share pays for every time step up to its longest row: the rank with the one long
// tweet should get nothing else, and the other the short ones.
TEST(BatchShares, TheLongestRowsGoToOneRankAndTheOthersAreSparedTheirTimeSteps) {
  Batch batch;
  for (std::size_t i = 0; i < 10; ++i) {
    batch.rows.push_back(200 + i);
    batch.lengths.push_back(i == 6 ? 40 : 5);
  }
  const auto shares = batch.deal(2, kRecurrent);
  EXPECT_EQ(shares[0], (std::vector<std::size_t>{206}));
  EXPECT_EQ(shares[1], (std::vector<std::size_t>{200, 201, 202, 203, 204, 205, 207, 208, 209}));
}

// A padded share pays rows x longest: two rows of 30 balance six of 10.
TEST(BatchShares, PaddedSharesBalanceRowsTimesLongest) {
  const Batch batch{{1, 2, 3, 4, 5, 6, 7, 8}, {10, 30, 10, 10, 30, 10, 10, 10}};
  const auto shares = batch.deal(2, kPadded);
  EXPECT_EQ(shares[0], (std::vector<std::size_t>{2, 5}));
  EXPECT_EQ(shares[1], (std::vector<std::size_t>{1, 3, 4, 6, 7, 8}));
  EXPECT_DOUBLE_EQ(dearest(batch, shares, kPadded), 60.0);
}

// The deal is the best cut of the longest-first order, checked against every cut of it, and never
// dearer than the equal contiguous parts the loop dealt before.
TEST(BatchShares, TheDearestShareIsTheLeastAnyCutOfTheSortedBatchGives) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    const auto batch = randomBatch(64, seed);
    for (const auto& cost : {kRecurrent, kPadded}) {
      std::vector<std::size_t> sorted(batch.rows);
      std::stable_sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
        return batch.lengthOf(a) > batch.lengthOf(b);
      });
      double best = std::numeric_limits<double>::infinity();
      for (std::size_t cut = 0; cut <= sorted.size(); ++cut) {
        const std::vector<std::size_t> first(sorted.begin(), sorted.begin() + cut),
            second(sorted.begin() + cut, sorted.end());
        best = std::min(best, std::max(batch.costOf(first, cost), batch.costOf(second, cost)));
      }
      const double dealt = dearest(batch, batch.deal(2, cost), cost);
      EXPECT_NEAR(dealt, best, 1e-4 * best) << "seed " << seed;  // whole units: ratios within 1e-6
      EXPECT_LE(dealt, dearest(batch, batch.deal(2, ShareCost{}), cost)) << "seed " << seed;
    }
  }
}

TEST(BatchShares, EqualLengthsKeepTheBatchOrderSoEveryRankDealsAlike) {
  const Batch batch{{9, 3, 7, 1}, {12, 12, 12, 12}};
  const auto shares = batch.deal(2, kRecurrent);
  EXPECT_EQ(shares[0], (std::vector<std::size_t>{9, 3}));
  EXPECT_EQ(shares[1], (std::vector<std::size_t>{7, 1}));
}

TEST(BatchShares, FewerRowsThanRanksLeaveSomeRanksWithout) {
  const Batch one{{5}, {20}};
  EXPECT_EQ(one.deal(2, kRecurrent)[0], (std::vector<std::size_t>{5}));
  EXPECT_TRUE(one.deal(2, kRecurrent)[1].empty());
  const Batch none;
  for (const auto& share : none.deal(3, kPadded)) EXPECT_TRUE(share.empty());
}
