#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/common/Errors.h"
#include "core/eval/Metrics.h"
#include "core/models/FastTextClassifier.h"
#include "tests/support/RecordingObserver.h"
#include "tests/support/SampleTweets.h"

namespace tweetlab::models {
namespace {

FastTextParams smallParams() {
  FastTextParams p;
  p.dim = 20;
  p.epochs = 10;
  p.buckets = 20000;
  return p;
}

TEST(FastText, LearnsAndRoundTripsExactly) {
  const auto train = testing::sampleTweets(1200, 1);
  const auto val = testing::sampleTweets(400, 2);
  FastTextClassifier model(smallParams());
  model.fit({train.texts, train.labels}, {}, train::silentObserver());
  const auto p = model.predictProba(val.texts);
  for (double x : p) {
    ASSERT_GE(x, 0.0);
    ASSERT_LE(x, 1.0);
  }
  EXPECT_GT(eval::rocAuc(val.labels, p), 0.6);

  const auto dir = std::filesystem::temp_directory_path() / "tweetlab_fasttext_roundtrip";
  std::filesystem::remove_all(dir);
  model.save(dir);
  FastTextClassifier loaded;
  loaded.load(dir);
  EXPECT_EQ(p, loaded.predictProba(val.texts));
  EXPECT_EQ(loaded.params()["dim"], 20);
  std::filesystem::remove_all(dir);
}

TEST(FastText, TextWithNoKnownWordIsUndecided) {
  const auto train = testing::sampleTweets(400, 1);
  FastTextClassifier model(smallParams());
  model.fit({train.texts, train.labels}, {}, train::silentObserver());
  const std::vector<std::string> unknown{""};
  const auto p = model.predictProba(unknown);
  EXPECT_GE(p[0], 0.0);
  EXPECT_LE(p[0], 1.0);
}

TEST(FastText, CancelStopsTraining) {
  const auto train = testing::sampleTweets(1200, 1);
  auto params = smallParams();
  params.epochs = 200;  // long enough that the cancel lands mid-training
  FastTextClassifier model(params);
  testing::RecordingObserver observer(/*stopAfterProgressCalls=*/3);
  EXPECT_THROW(model.fit({train.texts, train.labels}, {}, observer), CancelledError);
}

TEST(FastText, CorruptModelFileIsAFormatError) {
  const auto dir = std::filesystem::temp_directory_path() / "tweetlab_fasttext_corrupt";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "fasttext.json") << R"({"params": {}})";
  std::ofstream(dir / "model.bin") << "not a model";
  FastTextClassifier model;
  EXPECT_THROW(model.load(dir), FormatError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tweetlab::models
