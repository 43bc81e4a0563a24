#pragma once
// A real logistic-regression bundle trained on Sentiment140 sample tweets, and the SemEval target
// fixture (tests/data/domain): the source and target domains of the target-domain tests.
#include <filesystem>

#include "core/bundle/Bundle.h"
#include "core/models/LogisticRegressionClassifier.h"
#include "core/sources/SourceLoader.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"

namespace tweetlab::testing {

inline std::filesystem::path targetFixture() {
  return std::filesystem::path(TWEETLAB_SOURCE_DIR) / "tests/data/domain/semeval2017_sample.csv";
}

// Trained once per test program on 1,600 balanced Sentiment140 tweets.
inline const std::filesystem::path& sourceBundle() {
  static const TempDir dir;
  static const std::filesystem::path path = [] {
    const auto fixture = sampleTweets(1600, 5);
    models::LogisticRegressionParams params;
    params.cvFolds = 0;
    models::LogisticRegressionClassifier model(params);
    model.fit({fixture.texts, fixture.labels}, {}, train::silentObserver());
    bundle::BundleInfo info;
    info.name = "s140-logreg";
    info.version = "1";
    info.dataset = {{"train_positive_share", 0.5}};
    const auto p = dir / "bundle";
    bundle::saveBundle(p, model, text::PreprocessConfig{}, info);
    return p;
  }();
  return path;
}

// The target fixture's rows [begin, end) as a dataset.
inline data::Dataset targetRows(std::size_t begin, std::size_t end) {
  static const auto all = data::loadDataset(targetFixture()).dataset;
  data::Dataset out;
  for (std::size_t i = begin; i < end && i < all.size(); ++i) out.rows.push_back(all.rows[i]);
  return out;
}

}  // namespace tweetlab::testing
