// GlooProcessGroup::averageGradients with two real ranks (two threads of this process, a real
// TCPStore and Gloo on loopback): each rank ends with the row-weighted mean of both ranks'
// gradients, whether a tensor travels in a dense bucket, as the rows any rank touched (an
// embedding table), or was not used on one rank at all.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <thread>

#include "core/distributed/GlooProcessGroup.h"
#include "tests/support/ChildProcess.h"

namespace tweetlab::distributed {
namespace {

// Runs `body(group)` as rank 0 and rank 1 at once; rethrows a rank's failure.
void withTwoRanks(const std::function<void(GlooProcessGroup&)>& body) {
  const int port = testing::freeLoopbackPort();
  std::array<std::exception_ptr, 2> failures;
  std::vector<std::thread> ranks;
  for (int r = 0; r < 2; ++r) {
    ranks.emplace_back([&, r] {
      try {
        Rendezvous where;
        where.masterAddress = "127.0.0.1";
        where.masterPort = port;
        where.worldSize = 2;
        where.rank = r;
        where.source = "test";
        GlooProcessGroup group(where, {std::chrono::seconds(30)});
        body(group);
      } catch (...) {
        failures[static_cast<std::size_t>(r)] = std::current_exception();
      }
    });
  }
  for (auto& t : ranks) t.join();
  for (const auto& f : failures) {
    if (f) std::rethrow_exception(f);
  }
}

// An embedding-like gradient: zero but for `rows`, which hold distinct values per rank.
torch::Tensor tableGradient(std::int64_t rows, std::int64_t width, std::vector<std::int64_t> used,
                            float scale) {
  auto g = torch::zeros({rows, width});
  for (const auto row : used) g[row] = torch::arange(width).to(torch::kFloat) * scale + row;
  return g;
}

TEST(GradientAveraging, EveryKindOfTensorEndsAsTheRowWeightedMeanOverTheRanks) {
  constexpr std::int64_t kRows = 5000, kWidth = 8;  // a table of 5,000 words
  // Rank 0 averaged its loss over 3 rows, rank 1 over 1: the global mean weighs them 3:1.
  const std::array<double, 2> localRows{3, 1};
  const std::array<std::vector<std::int64_t>, 2> used{std::vector<std::int64_t>{0, 7, 4999},
                                                      std::vector<std::int64_t>{7, 12}};
  const auto dense = [](int r) { return torch::full({4, 3}, r == 0 ? 1.0F : 5.0F); };
  const auto wide = [](int r) { return torch::full({2048, 2}, r == 0 ? 2.0F : -2.0F); };
  const auto table = [&](int r) {
    return tableGradient(kRows, kWidth, used[static_cast<std::size_t>(r)], r == 0 ? 1.0F : 10.0F);
  };
  const auto mean = [&](const std::function<torch::Tensor(int)>& of) {
    return (of(0) * localRows[0] + of(1) * localRows[1]) / (localRows[0] + localRows[1]);
  };

  // Each rank's gradients; undefined where the rank did not use the tensor this step.
  const auto gradients = [&](int r) {
    return std::vector<torch::Tensor>{
        dense(r), table(r),
        // A wide layer: row-sparse at first sight, dense in fact (every row non-zero).
        wide(r),
        // Used by rank 1 only.
        r == 0 ? torch::Tensor() : torch::ones({3}),
        // A table only rank 0 used.
        r == 0 ? tableGradient(kRows, 2, {3}, 1.0F) : torch::Tensor()};
  };
  std::array<std::vector<torch::Tensor>, 2> results;
  withTwoRanks([&](GlooProcessGroup& group) {
    const int r = group.rank();
    std::vector<torch::Tensor> parameters{torch::zeros({4, 3}), torch::zeros({kRows, kWidth}),
                                          torch::zeros({2048, 2}), torch::zeros({3}),
                                          torch::zeros({kRows, 2})};
    for (auto& p : parameters) p.requires_grad_(true);
    // Two steps: in the second, the wide layer has gone back to the buckets.
    for (int step = 0; step < 2; ++step) {
      const auto grads = gradients(r);
      for (std::size_t i = 0; i < parameters.size(); ++i) {
        parameters[i].mutable_grad() = grads[i].defined() ? grads[i].clone() : torch::Tensor();
      }
      group.averageGradients(parameters, static_cast<std::size_t>(localRows[r]));
    }
    for (const auto& p : parameters) results[static_cast<std::size_t>(r)].push_back(p.grad());
    // The two tables travelled as rows; the wide layer went back to the buckets.
    EXPECT_EQ(group.rowSparseCount(), 2U);
  });

  const std::vector<torch::Tensor> expected{
      mean(dense), mean(table), mean(wide),
      torch::ones({3}) * localRows[1] / (localRows[0] + localRows[1]),
      tableGradient(kRows, 2, {3}, 1.0F) * localRows[0] / (localRows[0] + localRows[1])};
  for (int r = 0; r < 2; ++r) {
    ASSERT_EQ(results[static_cast<std::size_t>(r)].size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const auto& got = results[static_cast<std::size_t>(r)][i];
      ASSERT_TRUE(got.defined()) << "rank " << r << ", tensor " << i;
      EXPECT_TRUE(torch::allclose(got, expected[i], 1e-6, 1e-6))
          << "rank " << r << ", tensor " << i << ": largest difference "
          << (got - expected[i]).abs().max().item<double>();
    }
  }
  // The table's row 7, touched by both ranks, is their weighted mean; row 12 only rank 1's.
  EXPECT_FLOAT_EQ(results[0][1][7][1].item<float>(), (8.0F * 3 + 17.0F * 1) / 4);
  EXPECT_FLOAT_EQ(results[1][1][12][0].item<float>(), 12.0F / 4);
}

// A row whose gradient is NaN or infinite on one rank must travel like any touched row, so both
// ranks see the divergence (and clip, skip or stop alike) instead of one rank alone keeping it.
TEST(GradientAveraging, NonFiniteRowsOfATableReachEveryRank) {
  constexpr std::int64_t kRows = 4000, kWidth = 4;
  std::array<torch::Tensor, 2> results;
  withTwoRanks([&](GlooProcessGroup& group) {
    const int r = group.rank();
    auto table = torch::zeros({kRows, kWidth}).requires_grad_(true);
    auto g = tableGradient(kRows, kWidth, {1}, 1.0F);
    if (r == 1) g[9][2] = std::numeric_limits<float>::quiet_NaN();
    if (r == 0) g[20][0] = std::numeric_limits<float>::infinity();
    table.mutable_grad() = g;
    group.averageGradients({table}, 1);
    EXPECT_EQ(group.rowSparseCount(), 1U);  // it did travel as rows
    results[static_cast<std::size_t>(r)] = table.grad().clone();
  });
  for (const auto& got : results) {
    EXPECT_TRUE(std::isnan(got[9][2].item<float>()));
    EXPECT_TRUE(std::isinf(got[20][0].item<float>()));
    EXPECT_FLOAT_EQ(got[1][3].item<float>(), 4.0F);     // 3 * 1 + 1 on both ranks: their mean
    EXPECT_EQ(got[5].abs().sum().item<float>(), 0.0F);  // untouched rows stay zero
  }
}

}  // namespace
}  // namespace tweetlab::distributed
