// Added training sources and named evaluation sets, end to end through prepareData and
// runExperiment: added rows reach the training part only, each source's digest is kept, every
// named set is scored under its own prefix.
#include <gtest/gtest.h>

#include <set>

#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/data/Digest.h"
#include "core/data/SplitExport.h"
#include "core/experiment/Experiment.h"
#include "core/telemetry/FeedbackLog.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"

namespace tweetlab::experiment {
namespace {

ExperimentSpec logregSpec() {
  ExperimentSpec s;
  s.data.path = testing::samplePath();
  s.data.sample = 1000;
  s.model.family = "logreg";
  s.model.params = {{"cv", 0}};
  s.threads = 1;
  return s;
}

telemetry::FeedbackRecord verdict(const std::string& text, bool positive) {
  static int id = 0;
  telemetry::FeedbackRecord r;
  r.id = "f" + std::to_string(++id);
  r.receivedAt = "2024-05-01T10:00:00.000Z";
  r.text = text;
  r.predicted = positive ? "positive" : "negative";  // accepted: the label is the prediction
  r.accepted = true;
  return r;
}

TEST(TargetData, AddedFeedbackReachesTheTrainingPartOnly) {
  testing::TempDir dir;
  const auto plain = prepareData(logregSpec().data, train::silentObserver());
  const auto target = data::loadDataset(testing::targetSamplePath()).dataset;
  const auto logFile = dir / "feedback.jsonl";
  {
    telemetry::FeedbackLog log(logFile);
    for (std::size_t i = 0; i < 40; ++i)
      log.append(verdict(target.rows[i].text, target.rows[i].label == 1));
    log.append(verdict(plain.split.val.rows[0].text, true));
    log.append(verdict(plain.split.val.rows[1].text, false));
    log.append(verdict(plain.split.test.rows[0].text, true));
  }
  auto spec = logregSpec();
  spec.data.add.push_back(sources::parseSourceArgument(logFile.string() + ":3"));
  const auto prepared = prepareData(spec.data, train::silentObserver());

  // Validation and test are exactly the rows they were without the feedback.
  EXPECT_EQ(data::datasetDigest(prepared.split.val), data::datasetDigest(plain.split.val));
  EXPECT_EQ(data::datasetDigest(prepared.split.test), data::datasetDigest(plain.split.test));
  EXPECT_EQ(prepared.split.digest, plain.split.digest);
  EXPECT_EQ(prepared.split.train.size(), plain.split.train.size() + 40);
  const auto& parts = prepared.composition.parts;
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].digest, data::datasetDigest(plain.split.train));
  EXPECT_EQ(parts[1].kind, "feedback");
  EXPECT_EQ(parts[1].rows, 40u);
  EXPECT_EQ(parts[1].leftOutOverlap, 3u);
  data::Dataset first40;
  for (std::size_t i = 0; i < 40; ++i) first40.rows.push_back(target.rows[i]);
  EXPECT_EQ(parts[1].digest, data::datasetDigest(first40));

  const auto result = runExperiment(spec, prepared, train::silentObserver());
  EXPECT_EQ(result.trainRows, plain.split.train.size() + 40);
  EXPECT_EQ(result.validationRows, plain.split.val.size());
  const auto summary = result.summary();
  EXPECT_EQ(summary["sources"]["sources"][1]["digest"], parts[1].digest);
  EXPECT_EQ(summary["sources"]["sources"][1]["weight"], 3.0);
  // The bundle carries the composition with its digests.
  const auto manifest = exportBundle(result, dir / "bundle");
  EXPECT_EQ(manifest.dataset["sources"][1]["digest"], parts[1].digest);
  EXPECT_EQ(manifest.dataset["sources"][1]["path"], logFile.string());
}

TEST(TargetData, NamedEvaluationSetsAreScoredWithTheirPrefix) {
  testing::TempDir dir;
  data::Dataset negatives;
  for (const auto& row : data::loadDataset(testing::targetSamplePath()).dataset.rows)
    if (row.label == 0 && negatives.size() < 50) negatives.rows.push_back(row);
  data::writeCsv(dir / "complaints.csv", negatives);
  auto spec = logregSpec();
  spec.data.eval.push_back(
      sources::parseEvalArgument("target=" + testing::targetSamplePath().string()));
  spec.data.eval.push_back(
      sources::parseEvalArgument("complaints=" + (dir / "complaints.csv").string()));
  const auto prepared = prepareData(spec.data, train::silentObserver());
  const auto result = runExperiment(spec, prepared, train::silentObserver());
  ASSERT_EQ(result.evaluations.size(), 2u);
  const auto& target = result.evaluations[0];
  EXPECT_EQ(target.name, "target");
  EXPECT_EQ(target.metrics.count, 600u);
  EXPECT_TRUE(std::isfinite(target.metrics.balancedAccuracy));
  const auto summary = result.summary();
  EXPECT_EQ(summary["target_accuracy"].get<double>(), target.metrics.accuracy);
  EXPECT_TRUE(summary.contains("target_roc_auc"));
  EXPECT_TRUE(summary.contains("complaints_accuracy"));
  EXPECT_FALSE(summary.contains("complaints_roc_auc"));  // one class: no AUC
  EXPECT_EQ(result.evalSetInfo[1]["rows"], 50);
}

TEST(TargetData, SpecJsonKeepsSourcesAndSets) {
  auto spec = logregSpec();
  spec.data.add.push_back(sources::parseSourceArgument("feedback.jsonl:2.5"));
  spec.data.eval.push_back(sources::parseEvalArgument("target=airline.csv"));
  const auto back = experimentSpecFromJson(toJson(spec));
  EXPECT_EQ(toJson(back), toJson(spec));
  ASSERT_EQ(back.data.add.size(), 1u);
  EXPECT_DOUBLE_EQ(back.data.add[0].weight, 2.5);
  EXPECT_EQ(back.data.eval[0].name, "target");
  // The short forms a person writes by hand.
  const auto shortForm = experimentSpecFromJson(
      {{"data", {{"add", {"fb.jsonl:2"}}, {"eval", {{"target", "airline.csv"}}}}}});
  EXPECT_EQ(shortForm.data.add[0].path, "fb.jsonl");
  EXPECT_EQ(shortForm.data.eval[0].path, "airline.csv");
  EXPECT_THROW(experimentSpecFromJson({{"data", {{"eval", {{"test", "x.csv"}}}}}}), InputError);
  EXPECT_THROW(experimentSpecFromJson({{"data", {{"add", {{{"path", "x"}, {"weight", 0}}}}}}}),
               InputError);
  // A plain spec's JSON has no sources or sets at all (old run records stay comparable).
  EXPECT_FALSE(toJson(logregSpec())["data"].contains("add"));
}

}  // namespace
}  // namespace tweetlab::experiment
