#pragma once
// Word2Vec (Mikolov et al. 2013) with negative sampling, skip-gram or CBOW, trained in memory on
// the training split's token ids. Follows the reference word2vec.c (reduced random window,
// frequent-word subsampling, unigram^0.75 noise, linear learning-rate decay) on one thread, so the
// same seed gives the same vectors.
#include <cstdint>
#include <span>
#include <vector>

#include "core/embed/EmbeddingMatrix.h"
#include "core/text/Vocabulary.h"
#include "core/train/TrainObserver.h"

namespace tweetlab::embed {

struct Word2VecOptions {
  bool skipGram = true;  // false = CBOW (mean of the context vectors)
  int dim = 100;
  int window = 5;
  int negative = 5;
  int epochs = 5;
  double alpha = 0.025;    // starting learning rate (gensim's default for both architectures)
  double minAlpha = 1e-4;  // learning rate reached at the end
  double sample = 1e-3;    // subsampling threshold for frequent words; 0 = off
  std::uint64_t seed = 1;
};

// `sentences` hold vocabulary ids (no <pad>/<unk>, see Vocabulary::knownIds). Returns one row per
// vocabulary id; ids never seen in `sentences` keep a small random vector and do not count as
// covered. Reports progress in words and throws CancelledError when the observer asks.
EmbeddingMatrix trainWord2Vec(const text::Vocabulary& vocabulary,
                              std::span<const std::vector<std::int32_t>> sentences,
                              const Word2VecOptions& options,
                              train::TrainObserver& observer = train::silentObserver());

// Cosine similarity of two rows (0 when either is the zero vector).
double cosineSimilarity(const EmbeddingMatrix& m, std::size_t a, std::size_t b);

}  // namespace tweetlab::embed
