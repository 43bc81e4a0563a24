#include <gtest/gtest.h>

#include <filesystem>

#include "core/common/Errors.h"
#include "core/eval/Metrics.h"
#include "core/models/LogisticRegressionClassifier.h"
#include "tests/support/RecordingObserver.h"
#include "tests/support/SampleTweets.h"

namespace tweetlab::models {
namespace {

struct SplitFixture {
  testing::Fixture train = testing::sampleTweets(1200, 1);
  testing::Fixture val = testing::sampleTweets(400, 2);
};

const SplitFixture& split() {
  static const SplitFixture f;
  return f;
}

LogisticRegressionParams noCv() {
  LogisticRegressionParams p;
  p.cvFolds = 0;
  p.threads = 1;
  return p;
}

TEST(LogisticRegression, LearnsSentimentFromRealTweets) {
  LogisticRegressionClassifier model(noCv());
  const auto& s = split();
  model.fit({s.train.texts, s.train.labels}, {}, train::silentObserver());
  const auto p = model.predictProba(s.val.texts);
  ASSERT_EQ(p.size(), s.val.texts.size());
  // 1,200 noisy tweets are little data; well above chance is what a user can rely on.
  EXPECT_GT(eval::evaluate(s.val.labels, p).accuracy, 0.62);
  EXPECT_GT(eval::rocAuc(s.val.labels, p), 0.68);
}

TEST(LogisticRegression, ObviousTweetsGoTheRightWay) {
  LogisticRegressionClassifier model(noCv());
  const auto& s = split();
  model.fit({s.train.texts, s.train.labels}, {}, train::silentObserver());
  const std::vector<std::string> texts{"i love this so much thank you",
                                       "sad and sick and tired ugh"};
  const auto p = model.predictProba(texts);
  EXPECT_GT(p[0], 0.5);
  EXPECT_LT(p[1], 0.5);
}

TEST(LogisticRegression, SaveLoadGivesIdenticalProbabilities) {
  LogisticRegressionClassifier model(noCv());
  const auto& s = split();
  model.fit({s.train.texts, s.train.labels}, {}, train::silentObserver());
  const auto dir = std::filesystem::temp_directory_path() / "tweetlab_logreg_roundtrip";
  std::filesystem::remove_all(dir);
  model.save(dir);
  LogisticRegressionClassifier loaded;
  loaded.load(dir);
  EXPECT_EQ(model.predictProba(s.val.texts), loaded.predictProba(s.val.texts));
  EXPECT_EQ(loaded.params()["C"], model.params()["C"]);
  std::filesystem::remove_all(dir);
}

TEST(LogisticRegression, CrossValidationPicksTheBestCAndRefits) {
  LogisticRegressionParams params;
  params.cvFolds = 3;
  params.cGrid = {0.01, 1.0, 4.0};
  params.threads = 2;
  LogisticRegressionClassifier model(params);
  const auto& s = split();
  testing::RecordingObserver observer;
  model.fit({s.train.texts, s.train.labels}, {}, observer);
  const auto& cv = model.crossValidation();
  ASSERT_EQ(cv.size(), 3u);
  double bestScore = -1;
  double bestC = 0;
  for (const auto& r : cv) {
    EXPECT_GT(r.meanScore, 0.4);
    if (r.meanScore > bestScore) {
      bestScore = r.meanScore;
      bestC = r.C;
    }
  }
  EXPECT_DOUBLE_EQ(model.params()["C"].get<double>(), bestC);
  EXPECT_EQ(model.fitReport()["cv"]["best_C"].get<double>(), bestC);
  // C=0.01 regularises so hard it barely learns: CV must notice.
  EXPECT_NE(bestC, 0.01);
  EXPECT_EQ(observer.lastDone.load(), observer.lastTotal.load());
}

TEST(LogisticRegression, CancelStopsCrossValidation) {
  LogisticRegressionParams params;
  params.cvFolds = 5;
  params.threads = 1;
  LogisticRegressionClassifier model(params);
  const auto& s = split();
  testing::RecordingObserver observer(/*stopAfterProgressCalls=*/2);
  EXPECT_THROW(model.fit({s.train.texts, s.train.labels}, {}, observer), CancelledError);
  EXPECT_LT(observer.progressCalls.load(), 5 * 5);
  EXPECT_THROW(model.predictProba(s.val.texts), Error);  // nothing half-fitted is served
}

TEST(LogisticRegression, BalancedClassWeightsShiftTowardsTheRareClass) {
  auto texts = split().train.texts;
  auto labels = split().train.labels;
  // Keep every negative but only a fifth of the positives.
  std::vector<std::string> t;
  std::vector<int> l;
  int kept = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (labels[i] == 1 && kept++ % 5 != 0) continue;
    t.push_back(texts[i]);
    l.push_back(labels[i]);
  }
  auto plain = noCv();
  auto balanced = noCv();
  balanced.classWeight = "balanced";
  LogisticRegressionClassifier a(plain), b(balanced);
  a.fit({t, l}, {}, train::silentObserver());
  b.fit({t, l}, {}, train::silentObserver());
  const auto pa = a.predictProba(split().val.texts);
  const auto pb = b.predictProba(split().val.texts);
  double sumA = 0, sumB = 0;
  for (std::size_t i = 0; i < pa.size(); ++i) {
    sumA += pa[i];
    sumB += pb[i];
  }
  // Mean P(positive) rises by more than 0.05 when the rare positives weigh more.
  EXPECT_GT(sumB, sumA + 0.05 * static_cast<double>(pa.size()));
}

TEST(LogisticRegression, RejectsBadInput) {
  LogisticRegressionClassifier model(noCv());
  const std::vector<std::string> texts{"happy day", "great day"};
  const std::vector<int> oneClass{1, 1};
  EXPECT_THROW(model.fit({texts, oneClass}, {}, train::silentObserver()), InputError);
  EXPECT_THROW(logisticRegressionParamsFrom({{"C", -1}}), InputError);
  EXPECT_THROW(logisticRegressionParamsFrom({{"class_weight", "heavy"}}), InputError);
  EXPECT_THROW(model.load("/nonexistent/bundle/model"), Error);
}

}  // namespace
}  // namespace tweetlab::models
