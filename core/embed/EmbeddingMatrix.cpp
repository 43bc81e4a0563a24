#include "core/embed/EmbeddingMatrix.h"

#include <algorithm>
#include <random>

namespace tweetlab::embed {

double EmbeddingMatrix::coverage() const {
  return rows > 2 ? static_cast<double>(covered) / static_cast<double>(rows - 2) : 0.0;
}

nlohmann::json EmbeddingMatrix::report() const {
  return {{"source", source},
          {"dim", dim},
          {"vocabulary_words", rows > 2 ? rows - 2 : 0},
          {"covered_words", covered},
          {"coverage", coverage()}};
}

EmbeddingMatrix randomEmbedding(std::size_t rows, std::size_t dim, std::uint64_t seed,
                                float scale) {
  EmbeddingMatrix m;
  m.rows = rows;
  m.dim = dim;
  m.source = "random";
  m.values.resize(rows * dim);
  // mt19937_64 output is fixed by the standard; the float mapping below is ours, so the same seed
  // gives the same matrix with every standard library.
  std::mt19937_64 rng(seed);
  for (auto& v : m.values) {
    const double unit = static_cast<double>(rng() >> 11) * 0x1.0p-53;  // [0, 1)
    v = static_cast<float>((2.0 * unit - 1.0) * scale);
  }
  if (rows > 0)
    std::fill(m.values.begin(), m.values.begin() + static_cast<std::ptrdiff_t>(dim), 0.0f);
  return m;
}

}  // namespace tweetlab::embed
