#include "core/embed/FastTextEmbedding.h"

#include <fasttext/fasttext.h>

#include <atomic>
#include <fstream>

#include "core/common/Errors.h"
#include "core/common/ScratchFile.h"

namespace tweetlab::embed {

EmbeddingMatrix trainFastTextEmbedding(const text::Vocabulary& vocabulary,
                                       std::span<const std::string> texts,
                                       const FastTextEmbeddingOptions& options,
                                       train::TrainObserver& observer) {
  if (options.dim < 1 || options.epochs < 1 || options.window < 1 || options.negative < 1 ||
      options.minCount < 1 || options.threads < 1 || options.minn < 0 ||
      options.maxn < options.minn || !(options.learningRate > 0)) {
    throw InputError(
        "fasttext embedding: dim, epochs, window, negative, min_count, threads and lr "
        "must be positive and 0 <= minn <= maxn");
  }
  ScratchFile input("ftembed");  // libfasttext only trains from a file
  {
    std::ofstream out(input.path(), std::ios::binary);
    if (!out) throw IoError("cannot write the fastText training file " + input.path().string());
    for (const auto& text : texts) {
      for (char c : text) out.put(c == '\n' || c == '\r' ? ' ' : c);
      out.put('\n');
    }
    if (!out) throw IoError("writing " + input.path().string() + " failed (disk full?)");
  }
  fasttext::Args args;
  args.input = input.path().string();
  args.model = options.skipGram ? fasttext::model_name::sg : fasttext::model_name::cbow;
  args.loss = fasttext::loss_name::ns;
  args.dim = options.dim;
  args.ws = options.window;
  args.neg = options.negative;
  args.epoch = options.epochs;
  args.lr = options.learningRate;
  args.minCount = options.minCount;
  args.minn = options.minn;
  args.maxn = options.maxn;
  args.bucket = options.maxn > 0 ? options.buckets : 0;
  args.thread = options.threads;
  args.seed = static_cast<int>(options.seed & 0x7fffffff);
  args.verbose = 0;

  fasttext::FastText model;
  std::atomic<bool> cancelled{false};
  constexpr std::size_t kSteps = 1000;
  auto callback = [&](float progress, float, double, double, int64_t) {
    observer.progress(static_cast<std::size_t>(progress * kSteps), kSteps);
    if (!cancelled && observer.stopRequested()) {
      cancelled = true;
      model.abort();
    }
  };
  try {
    model.train(args, callback);
  } catch (const fasttext::FastText::AbortError&) {
    throw CancelledError();
  } catch (const std::invalid_argument& e) {
    // fastText refuses a corpus with no word at all ("Empty vocabulary").
    throw InputError(std::string("fastText embedding: ") + e.what());
  }
  if (cancelled) throw CancelledError();

  EmbeddingMatrix m;
  m.rows = vocabulary.size();
  m.dim = static_cast<std::size_t>(options.dim);
  m.source = "fasttext";
  m.values.assign(m.rows * m.dim, 0.0f);
  fasttext::Vector vector(options.dim);
  for (std::size_t i = 1; i < m.rows; ++i) {
    // <unk> gets the vector of its n-grams like any other string: an arbitrary but fixed point.
    model.getWordVector(vector, vocabulary.token(static_cast<std::int32_t>(i)));
    bool nonZero = false;
    for (std::size_t k = 0; k < m.dim; ++k) {
      m.row(i)[k] = vector[static_cast<int64_t>(k)];
      nonZero = nonZero || vector[static_cast<int64_t>(k)] != 0.0f;
    }
    if (i >= 2 && nonZero) ++m.covered;
  }
  observer.progress(kSteps, kSteps);
  return m;
}

}  // namespace tweetlab::embed
