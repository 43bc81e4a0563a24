#include "core/embed/Word2Vec.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/common/Errors.h"

namespace tweetlab::embed {
namespace {

constexpr int kExpTableSize = 1000;
constexpr float kMaxExp = 6.0f;

// sigmoid on [-kMaxExp, kMaxExp] by table, as word2vec.c and gensim do: exp() per update would
// double the training time.
const std::array<float, kExpTableSize>& sigmoidTable() {
  static const auto table = [] {
    std::array<float, kExpTableSize> t{};
    for (int i = 0; i < kExpTableSize; ++i) {
      const double x = (2.0 * i / kExpTableSize - 1.0) * kMaxExp;
      t[static_cast<std::size_t>(i)] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
    }
    return t;
  }();
  return table;
}

// word2vec.c's linear congruential generator: fast, and the same on every platform.
struct Lcg {
  std::uint64_t state;
  std::uint64_t next() {
    state = state * 25214903917ULL + 11ULL;
    return state;
  }
  // [0, 1) from the high bits.
  double unit() { return static_cast<double>((next() >> 16) & 0xFFFFFFFFULL) / 4294967296.0; }
};

// Noise distribution unigram^0.75 as a lookup table of ids.
std::vector<std::int32_t> noiseTable(const std::vector<std::uint64_t>& counts) {
  std::vector<double> weights(counts.size(), 0.0);
  double total = 0.0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    weights[i] = std::pow(static_cast<double>(counts[i]), 0.75);
    total += weights[i];
  }
  const std::size_t size = std::clamp<std::size_t>(counts.size() * 100, 1'000'000, 10'000'000);
  std::vector<std::int32_t> table(size);
  std::size_t word = 0;
  while (word < counts.size() && weights[word] == 0.0) ++word;
  double cumulative = weights[word] / total;
  for (std::size_t a = 0; a < size; ++a) {
    table[a] = static_cast<std::int32_t>(word);
    if (static_cast<double>(a) / static_cast<double>(size) > cumulative) {
      do {
        ++word;
      } while (word < counts.size() - 1 && weights[word] == 0.0);
      word = std::min(word, counts.size() - 1);
      cumulative += weights[word] / total;
    }
  }
  return table;
}

}  // namespace

EmbeddingMatrix trainWord2Vec(const text::Vocabulary& vocabulary,
                              std::span<const std::vector<std::int32_t>> sentences,
                              const Word2VecOptions& options, train::TrainObserver& observer) {
  if (options.dim < 1 || options.window < 1 || options.negative < 0 || options.epochs < 1 ||
      !(options.alpha > 0)) {
    throw InputError("word2vec: dim, window, epochs and alpha must be positive, negative >= 0");
  }
  const std::size_t words = vocabulary.size();
  const auto dim = static_cast<std::size_t>(options.dim);
  std::vector<std::uint64_t> counts(words, 0);
  std::uint64_t corpusWords = 0;
  for (const auto& sentence : sentences) {
    for (auto id : sentence) {
      if (id < 2 || static_cast<std::size_t>(id) >= words) {
        throw InputError("word2vec: sentence holds id " + std::to_string(id) +
                         ", outside the vocabulary's words");
      }
      ++counts[static_cast<std::size_t>(id)];
      ++corpusWords;
    }
  }

  // Input vectors start as word2vec.c's: uniform in [-0.5, 0.5) / dim. Output vectors at zero.
  EmbeddingMatrix input;
  input.rows = words;
  input.dim = dim;
  input.source = options.skipGram ? "word2vec-skipgram" : "word2vec-cbow";
  input.values.resize(words * dim);
  Lcg rng{options.seed == 0 ? 1 : options.seed};
  for (auto& v : input.values)
    v = static_cast<float>((rng.unit() - 0.5) / static_cast<double>(dim));
  std::fill(input.values.begin(), input.values.begin() + static_cast<std::ptrdiff_t>(dim), 0.0f);
  for (std::size_t i = 2; i < words; ++i) input.covered += counts[i] > 0 ? 1 : 0;
  if (corpusWords == 0) return input;

  std::vector<float> output(words * dim, 0.0f);
  const auto table = noiseTable(counts);
  const auto& sigmoid = sigmoidTable();
  // Probability of keeping each word under subsampling (word2vec.c's formula).
  std::vector<double> keep(words, 1.0);
  if (options.sample > 0) {
    const double threshold = options.sample * static_cast<double>(corpusWords);
    for (std::size_t i = 0; i < words; ++i) {
      if (counts[i] == 0) continue;
      const double f = static_cast<double>(counts[i]);
      keep[i] = (std::sqrt(f / threshold) + 1.0) * threshold / f;
    }
  }

  std::vector<float> hidden(dim), gradient(dim);
  std::vector<std::int32_t> kept;
  const double totalWords = static_cast<double>(corpusWords) * options.epochs;
  std::uint64_t processed = 0;
  std::uint64_t sinceCheck = 0;
  const std::size_t progressTotal = static_cast<std::size_t>(totalWords);

  // One negative-sampling step: pushes `target` towards `in` (label 1) and noise words away,
  // accumulating the input-side gradient in `gradient`.
  auto learn = [&](const float* in, std::int32_t target, float alpha) {
    std::fill(gradient.begin(), gradient.end(), 0.0f);
    for (int d = 0; d <= options.negative; ++d) {
      std::int32_t word = target;
      float label = 1.0f;
      if (d > 0) {
        word = table[(rng.next() >> 16) % table.size()];
        if (word == target) continue;
        label = 0.0f;
      }
      float* out = output.data() + static_cast<std::size_t>(word) * dim;
      float f = 0.0f;
      // A float reduction only vectorises when told that reordering the sum is fine (it is, as
      // for BLAS's sdot that gensim calls): without it the dot product runs one add at a time.
#pragma omp simd reduction(+ : f)
      for (std::size_t k = 0; k < dim; ++k) f += in[k] * out[k];
      float g;
      if (f > kMaxExp) {
        g = (label - 1.0f) * alpha;
      } else if (f < -kMaxExp) {
        g = label * alpha;
      } else {
        const auto index = static_cast<int>((f + kMaxExp) * (kExpTableSize / kMaxExp / 2.0f));
        g = (label - sigmoid[static_cast<std::size_t>(std::clamp(index, 0, kExpTableSize - 1))]) *
            alpha;
      }
      float* grad = gradient.data();
#pragma omp simd
      for (std::size_t k = 0; k < dim; ++k) grad[k] += g * out[k];
#pragma omp simd
      for (std::size_t k = 0; k < dim; ++k) out[k] += g * in[k];
    }
  };

  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (const auto& sentence : sentences) {
      processed += sentence.size();
      sinceCheck += sentence.size();
      if (sinceCheck >= 10000) {
        sinceCheck = 0;
        train::throwIfStopRequested(observer);
        observer.progress(static_cast<std::size_t>(processed), progressTotal);
      }
      const auto alpha = static_cast<float>(
          std::max(options.minAlpha,
                   options.alpha * (1.0 - static_cast<double>(processed) / (totalWords + 1))));
      kept.clear();
      for (auto id : sentence) {
        if (keep[static_cast<std::size_t>(id)] >= 1.0 ||
            keep[static_cast<std::size_t>(id)] >= rng.unit()) {
          kept.push_back(id);
        }
      }
      const auto n = static_cast<std::ptrdiff_t>(kept.size());
      for (std::ptrdiff_t pos = 0; pos < n; ++pos) {
        const auto center = kept[static_cast<std::size_t>(pos)];
        const auto reduced =
            static_cast<std::ptrdiff_t>(rng.next() % static_cast<std::uint64_t>(options.window));
        const auto from = std::max<std::ptrdiff_t>(0, pos - options.window + reduced);
        const auto to = std::min<std::ptrdiff_t>(n - 1, pos + options.window - reduced);
        if (options.skipGram) {
          for (auto c = from; c <= to; ++c) {
            if (c == pos) continue;
            float* in = input.row(static_cast<std::size_t>(kept[static_cast<std::size_t>(c)]));
            learn(in, center, alpha);
            for (std::size_t k = 0; k < dim; ++k) in[k] += gradient[k];
          }
        } else {
          std::fill(hidden.begin(), hidden.end(), 0.0f);
          int context = 0;
          for (auto c = from; c <= to; ++c) {
            if (c == pos) continue;
            const float* in =
                input.row(static_cast<std::size_t>(kept[static_cast<std::size_t>(c)]));
            for (std::size_t k = 0; k < dim; ++k) hidden[k] += in[k];
            ++context;
          }
          if (context == 0) continue;
          for (auto& h : hidden) h /= static_cast<float>(context);
          learn(hidden.data(), center, alpha);
          for (auto c = from; c <= to; ++c) {
            if (c == pos) continue;
            float* in = input.row(static_cast<std::size_t>(kept[static_cast<std::size_t>(c)]));
            for (std::size_t k = 0; k < dim; ++k) in[k] += gradient[k];
          }
        }
      }
    }
  }
  observer.progress(progressTotal, progressTotal);
  return input;
}

double cosineSimilarity(const EmbeddingMatrix& m, std::size_t a, std::size_t b) {
  const float* x = m.row(a);
  const float* y = m.row(b);
  double dot = 0, nx = 0, ny = 0;
  for (std::size_t k = 0; k < m.dim; ++k) {
    dot += static_cast<double>(x[k]) * y[k];
    nx += static_cast<double>(x[k]) * x[k];
    ny += static_cast<double>(y[k]) * y[k];
  }
  return nx > 0 && ny > 0 ? dot / std::sqrt(nx * ny) : 0.0;
}

}  // namespace tweetlab::embed
