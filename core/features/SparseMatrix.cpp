#include "core/features/SparseMatrix.h"

#include <algorithm>

namespace tweetlab::features {

float SparseMatrix::at(std::size_t r, std::size_t c) const {
  auto indices = rowIndices(r);
  auto it = std::lower_bound(indices.begin(), indices.end(), static_cast<std::uint32_t>(c));
  if (it == indices.end() || *it != c) return 0.0f;
  return rowValues(r)[static_cast<std::size_t>(it - indices.begin())];
}

SparseMatrix SparseMatrix::selectRows(std::span<const std::size_t> picked) const {
  SparseMatrix out;
  out.cols = cols;
  out.rowStart.reserve(picked.size() + 1);
  for (std::size_t r : picked) {
    auto idx = rowIndices(r);
    auto val = rowValues(r);
    out.colIndex.insert(out.colIndex.end(), idx.begin(), idx.end());
    out.values.insert(out.values.end(), val.begin(), val.end());
    out.rowStart.push_back(out.values.size());
  }
  return out;
}

}  // namespace tweetlab::features
