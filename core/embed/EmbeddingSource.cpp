#include "core/embed/EmbeddingSource.h"

#include <vector>

#include "core/common/Errors.h"
#include "core/embed/FastTextEmbedding.h"
#include "core/embed/GloveLoader.h"
#include "core/embed/Word2Vec.h"

namespace tweetlab::embed {

EmbeddingSource EmbeddingSource::parse(std::string_view text) {
  EmbeddingSource s;
  const auto colon = text.find(':');
  const auto name = text.substr(0, colon);
  const auto option = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  const auto architecture = [&](std::string_view what) {
    if (option.empty() || option == "skipgram") return true;
    if (option == "cbow") return false;
    throw InputError("embedding '" + std::string(text) + "': " + std::string(what) +
                     " takes :skipgram or :cbow");
  };
  if (name == "word2vec") {
    s.kind = EmbeddingKind::Word2Vec;
    s.skipGram = architecture("word2vec");
  } else if (name == "fasttext") {
    s.kind = EmbeddingKind::FastText;
    s.skipGram = architecture("fasttext");
  } else if (name == "glove") {
    if (option.empty())
      throw InputError("embedding 'glove' needs a file: glove:PATH (.txt or .gz)");
    s.kind = EmbeddingKind::Glove;
    s.glovePath = std::filesystem::path(std::string(option));
  } else if (name == "random" && option.empty()) {
    s.kind = EmbeddingKind::Random;
  } else {
    throw InputError("unknown embedding '" + std::string(text) +
                     "' (known: word2vec, word2vec:cbow, fasttext, fasttext:cbow, glove:PATH, "
                     "random)");
  }
  return s;
}

std::string EmbeddingSource::toString() const {
  switch (kind) {
    case EmbeddingKind::Word2Vec:
      return skipGram ? "word2vec" : "word2vec:cbow";
    case EmbeddingKind::FastText:
      return skipGram ? "fasttext" : "fasttext:cbow";
    case EmbeddingKind::Glove:
      return "glove:" + glovePath.string();
    case EmbeddingKind::Random:
      break;
  }
  return "random";
}

EmbeddingMatrix buildEmbedding(const EmbeddingSource& source, const text::Vocabulary& vocabulary,
                               std::span<const std::string> texts,
                               const EmbeddingTrainOptions& options,
                               train::TrainObserver& observer) {
  switch (source.kind) {
    case EmbeddingKind::Word2Vec: {
      observer.status("training Word2Vec embeddings");
      std::vector<std::vector<std::int32_t>> sentences;
      sentences.reserve(texts.size());
      for (const auto& t : texts) sentences.push_back(vocabulary.knownIds(t));
      Word2VecOptions w;
      w.skipGram = source.skipGram;
      w.dim = options.dim;
      w.window = options.window;
      w.negative = options.negative;
      w.epochs = options.epochs;
      w.seed = options.seed;
      return trainWord2Vec(vocabulary, sentences, w, observer);
    }
    case EmbeddingKind::FastText: {
      observer.status("training FastText embeddings");
      FastTextEmbeddingOptions f;
      f.skipGram = source.skipGram;
      f.dim = options.dim;
      f.window = options.window;
      f.negative = options.negative;
      f.epochs = options.epochs;
      f.seed = options.seed;
      return trainFastTextEmbedding(vocabulary, texts, f, observer);
    }
    case EmbeddingKind::Glove:
      observer.status("loading GloVe vectors from " + source.glovePath.filename().string());
      return loadGlove(source.glovePath, vocabulary, options.seed, observer);
    case EmbeddingKind::Random:
      break;
  }
  if (options.dim < 1) throw InputError("random embedding: dim must be positive");
  return randomEmbedding(vocabulary.size(), static_cast<std::size_t>(options.dim), options.seed);
}

}  // namespace tweetlab::embed
