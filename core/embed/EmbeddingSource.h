#pragma once
// Which embedding a deep model starts from, as the user writes it in params["embedding"]:
//   "word2vec" (= "word2vec:skipgram"), "word2vec:cbow"   trained on the training split
//   "fasttext" (= "fasttext:skipgram"), "fasttext:cbow"   trained on the training split
//   "glove:PATH"                                          loaded from a .txt / .gz vectors file
//   "random"                                              uniform random (baseline)
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/embed/EmbeddingMatrix.h"
#include "core/text/Vocabulary.h"
#include "core/train/TrainObserver.h"

namespace tweetlab::embed {

enum class EmbeddingKind { Word2Vec, FastText, Glove, Random };

struct EmbeddingSource {
  EmbeddingKind kind = EmbeddingKind::Word2Vec;
  bool skipGram = true;             // Word2Vec / FastText architecture
  std::filesystem::path glovePath;  // Glove only

  // InputError naming the accepted forms for anything else (also "glove:" with no path).
  static EmbeddingSource parse(std::string_view text);
  std::string toString() const;
};

// Hyper-parameters of the embeddings trained on the split (ignored by GloVe, whose file fixes the
// dimension, and by random except for dim).
struct EmbeddingTrainOptions {
  int dim = 100;
  int window = 5;
  int negative = 5;
  int epochs = 5;
  std::uint64_t seed = 1;
};

// Builds the matrix for `vocabulary`; `texts` are the preprocessed training texts.
EmbeddingMatrix buildEmbedding(const EmbeddingSource& source, const text::Vocabulary& vocabulary,
                               std::span<const std::string> texts,
                               const EmbeddingTrainOptions& options,
                               train::TrainObserver& observer = train::silentObserver());

}  // namespace tweetlab::embed
