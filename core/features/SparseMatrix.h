#pragma once
// Compressed sparse rows: the only form features take, from TF-IDF to the solver.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tweetlab::features {

struct SparseMatrix {
  std::size_t cols = 0;
  std::vector<std::size_t> rowStart{0};  // size rows()+1; row r is [rowStart[r], rowStart[r+1])
  std::vector<std::uint32_t> colIndex;   // ascending within a row
  std::vector<float> values;

  std::size_t rows() const { return rowStart.size() - 1; }
  std::size_t nonZeros() const { return values.size(); }
  std::span<const std::uint32_t> rowIndices(std::size_t r) const {
    return {colIndex.data() + rowStart[r], rowStart[r + 1] - rowStart[r]};
  }
  std::span<const float> rowValues(std::size_t r) const {
    return {values.data() + rowStart[r], rowStart[r + 1] - rowStart[r]};
  }
  // Dense value at (r, c); for tests and debugging, O(row length).
  float at(std::size_t r, std::size_t c) const;
  // Rows picked by index, in that order (cross-validation folds).
  SparseMatrix selectRows(std::span<const std::size_t> rows) const;
};

}  // namespace tweetlab::features
