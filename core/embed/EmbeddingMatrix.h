#pragma once
// Word vectors aligned with a Vocabulary: row i is the vector of id i. This is what every
// embedding source (Word2Vec, FastText, GloVe, random) produces and what the deep models copy
// into their embedding layer. Row 0 (<pad>) is always zero.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tweetlab::embed {

struct EmbeddingMatrix {
  std::size_t rows = 0;
  std::size_t dim = 0;
  std::vector<float> values;  // rows * dim, row-major
  std::string source;         // "word2vec-skipgram", "word2vec-cbow", "fasttext", "glove", "random"
  // Vocabulary words (ids >= 2) that got a vector from the source rather than a random one.
  std::size_t covered = 0;

  float* row(std::size_t i) { return values.data() + i * dim; }
  const float* row(std::size_t i) const { return values.data() + i * dim; }
  // covered / (rows - 2): the share of the vocabulary the source knows.
  double coverage() const;
  // {source, dim, vocabulary_words, covered_words, coverage} for fitReport().
  nlohmann::json report() const;
};

// Uniform(-scale, scale) rows, zero <pad> row; deterministic in `seed`.
EmbeddingMatrix randomEmbedding(std::size_t rows, std::size_t dim, std::uint64_t seed,
                                float scale = 0.1f);

}  // namespace tweetlab::embed
