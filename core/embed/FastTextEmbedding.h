#pragma once
// FastText word vectors (Bojanowski et al. 2017): skip-gram over words and their character
// n-grams, trained by libfasttext on the training split. Every vocabulary word gets a vector,
// also the rare ones, from its n-grams.
#include <cstdint>
#include <span>
#include <string>

#include "core/embed/EmbeddingMatrix.h"
#include "core/text/Vocabulary.h"
#include "core/train/TrainObserver.h"

namespace tweetlab::embed {

struct FastTextEmbeddingOptions {
  bool skipGram = true;  // false = CBOW
  int dim = 100;
  int window = 5;
  int negative = 5;
  int epochs = 5;
  double learningRate = 0.05;
  int minCount = 1;
  int minn = 3;  // character n-gram lengths
  int maxn = 6;
  // fastText's default of 2M hash buckets is 800 MB at dim 100; tweets need far fewer n-grams.
  int buckets = 200000;
  int threads = 1;  // > 1 is faster but not repeatable (Hogwild updates)
  std::uint64_t seed = 1;
};

// `texts` are the preprocessed training texts (tokens separated by spaces).
EmbeddingMatrix trainFastTextEmbedding(const text::Vocabulary& vocabulary,
                                       std::span<const std::string> texts,
                                       const FastTextEmbeddingOptions& options,
                                       train::TrainObserver& observer = train::silentObserver());

}  // namespace tweetlab::embed
