#include <gtest/gtest.h>

#include "core/data/SplitExport.h"
#include "core/domain/BundleEvaluation.h"
#include "tests/unit/domain/DomainFixtures.h"

namespace tweetlab::domain {
namespace {

sources::EvaluationSet set(const std::string& name, data::Dataset rows) {
  sources::EvaluationSet s;
  s.name = name;
  s.path = name + ".csv";
  s.dataset = std::move(rows);
  return s;
}

TEST(BundleEvaluation, EachSetBecomesPrefixedMetricsOfAnEvaluationRun) {
  const auto predictor = bundle::Predictor::load(testing::sourceBundle());
  data::Dataset positivesOnly;
  for (const auto& row : testing::targetRows(0, 100).rows)
    if (row.label == 1) positivesOnly.rows.push_back(row);
  auto e =
      evaluateBundle(*predictor, testing::sourceBundle(),
                     {set("target", testing::targetRows(0, 600)), set("happy", positivesOnly)});
  ASSERT_EQ(e.sets.size(), 2u);
  EXPECT_FALSE(e.sets[0].before.has_value());  // not calibrated: nothing to compare against
  const auto record = e.record();
  EXPECT_EQ(record.tags.at(kRunKindTag), "evaluation");
  EXPECT_EQ(record.tags.at(tracking::tag::kModelFamily), "logreg");
  EXPECT_EQ(record.params.at("bundle.version"), "1");
  EXPECT_EQ(record.metrics.at("target_rows"), 600.0);
  EXPECT_TRUE(record.metrics.count("target_balanced_accuracy"));
  EXPECT_TRUE(record.metrics.count("target_roc_auc"));
  EXPECT_TRUE(record.metrics.count("target_ece"));
  // A set of one class gets no AUC or balanced accuracy, and the run says why.
  EXPECT_TRUE(record.metrics.count("happy_accuracy"));
  EXPECT_FALSE(record.metrics.count("happy_roc_auc"));
  EXPECT_FALSE(record.metrics.count("happy_balanced_accuracy"));
  EXPECT_NE(record.tags.at("tweetlab.eval.happy.warnings").find("only positive"),
            std::string::npos);
  // On Sentiment140's home turf the model would do better; on SemEval the ranking still works.
  EXPECT_GT(e.sets[0].evaluation.metrics.rocAuc, 0.6);
}

TEST(BundleEvaluation, TrackRecordStoresTheRunWithItsReliabilityFile) {
  testing::TempDir dir;
  const auto predictor = bundle::Predictor::load(testing::sourceBundle());
  const auto e = evaluateBundle(*predictor, testing::sourceBundle(),
                                {set("target", testing::targetRows(0, 200))});
  tracking::TrackingOptions options;
  options.storeRoot = dir.path();
  const auto outcome = tracking::trackRecord(e.record(), options, e.artifactWriter());
  tracking::RunStore store(dir.path());
  const auto run = store.get(outcome.runId);
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->status, tracking::RunStatus::Finished);
  EXPECT_DOUBLE_EQ(run->metric("target_accuracy"), e.sets[0].evaluation.metrics.accuracy);
  EXPECT_TRUE(std::filesystem::exists(outcome.artifactDir / "evaluation.json"));
  const auto listed = store.list();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].metrics.count("target_balanced_accuracy"));
}

TEST(BundleEvaluation, SetNamesComeFromFileNames) {
  EXPECT_EQ(setNameFromPath("data/Airline Tweets-2024.csv"), "airline_tweets_2024");
  EXPECT_EQ(setNameFromPath("2017.csv"), "set_2017");
  EXPECT_EQ(setNameFromPath("test.csv"), "test_set");
}

}  // namespace
}  // namespace tweetlab::domain
