#pragma once
// Dealing one global batch to the ranks by what their shares cost to train, not by their row
// count. Every rank waits at the all-reduce for the slowest one, and a share's cost is not its
// row count alone: a packed LSTM runs one time step after another up to the share's longest row,
// and a CNN convolves every row padded to the share's longest. Cut a shuffled batch into equal
// contiguous parts and one rank gets the longest tweet and the others wait for it (bench/scale
// measured half of the all-reduce's time as that wait). Sorted longest first and cut where the
// costs balance, the longest rows go to one rank, fewer of them, and the other ranks are spared
// their time steps or their padding. The step's gradient is the same sum over the same rows
// (ProcessGroup::averageGradients weighs each rank by its rows); only the order of the additions
// differs, as it does between any two splits of a batch.
#include <cstddef>
#include <span>
#include <vector>

namespace tweetlab::train {

// What a share of one batch costs, in a family's own units (only the ratios matter). A share of
// R rows, T tokens in all and L tokens in its longest row costs
//   perRow·R + perToken·T + perTimeStep·L + perPaddedToken·R·L.
struct ShareCost {
  double perRow = 1.0;
  double perToken = 0.0;     // work done on real tokens only (a packed LSTM's cell arithmetic)
  double perTimeStep = 0.0;  // work per position up to the longest row (one LSTM step's dispatch)
  double perPaddedToken = 0.0;  // work on rows padded to the longest (a convolution over [R, L])
  bool dependsOnLength() const {
    return perToken != 0.0 || perTimeStep != 0.0 || perPaddedToken != 0.0;
  }
};

// Rank `rank`'s contiguous near-equal part of `batch` among `ranks`: rows [r·n/W, (r+1)·n/W).
std::span<const std::size_t> contiguousShare(std::span<const std::size_t> batch, int rank,
                                             int ranks);

// Rank `rank`'s rows of `batch` among `ranks` ranks. `lengths[i]` is the length of batch[i]. Every
// rank computes the same deal from the same batch (ties in length keep the batch's order), and
// the shares together hold every row once. Where the cost does not depend on length (or for one
// rank) the share is contiguousShare's, in the batch's order; otherwise the batch is sorted longest
// first and cut into contiguous parts so that the dearest part costs as little as possible (a part
// may be empty when rows are fewer than ranks).
std::vector<std::size_t> costBalancedShare(std::span<const std::size_t> batch,
                                           std::span<const std::size_t> lengths, int rank,
                                           int ranks, const ShareCost& cost);

}  // namespace tweetlab::train
