#pragma once
// Small real fixtures: the first N rows of each class from the bundled Sentiment140 sample,
// preprocessed the default way. Shared by the model, bundle and experiment tests.
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/DatasetLoader.h"
#include "core/data/Sampling.h"
#include "core/text/Preprocessor.h"

namespace tweetlab::testing {

inline std::string samplePath() {
  return std::string(TWEETLAB_SOURCE_DIR) + "/resources/data/sentiment140_sample.csv";
}

// The other domain: the SemEval-2017 4A sample (tests/data/domain/PROVENANCE.md) that the
// target-domain tests evaluate on.
inline std::filesystem::path targetSamplePath() {
  return std::filesystem::path(TWEETLAB_SOURCE_DIR) / "tests/data/domain/semeval2017_sample.csv";
}

struct Fixture {
  std::vector<std::string> raw;
  std::vector<std::string> texts;  // preprocessed
  std::vector<int> labels;
};

// `n` balanced rows of the sample (seeded), preprocessed with the default config.
inline Fixture sampleTweets(std::size_t n, std::uint64_t seed = 7) {
  static const auto all = data::loadDataset(samplePath(), data::ReadOptions{}).dataset;
  const auto picked = data::balancedSample(all, n, seed);
  const text::Preprocessor preprocessor;
  Fixture f;
  f.raw = picked.texts();
  f.labels = picked.labels();
  f.texts = preprocessor.processAll(f.raw, 1);
  return f;
}

}  // namespace tweetlab::testing
