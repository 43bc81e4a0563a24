#include <gtest/gtest.h>

#include <filesystem>

#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/experiment/Experiment.h"
#include "tests/support/RecordingObserver.h"
#include "tests/support/SampleTweets.h"

namespace tweetlab::experiment {
namespace {

ExperimentSpec smallSpec() {
  ExperimentSpec spec;
  spec.data.path = testing::samplePath();
  spec.data.sample = 2000;
  spec.data.seed = 42;
  spec.model.family = "logreg";
  spec.model.params = {{"cv", 0}};
  spec.threads = 1;
  return spec;
}

TEST(ExperimentSpec, JsonRoundTrip) {
  auto spec = smallSpec();
  spec.name = "stemmed logreg";
  spec.preprocessing.morphology = text::Morphology::Stem;
  spec.data.split = {0.8, 0.1, 0.1};
  const auto back = experimentSpecFromJson(toJson(spec));
  EXPECT_EQ(toJson(back), toJson(spec));
  EXPECT_EQ(back.preprocessing.morphology, text::Morphology::Stem);
  EXPECT_DOUBLE_EQ(back.data.split.train, 0.8);
}

TEST(ExperimentSpec, BadValuesNameTheKey) {
  EXPECT_THROW(experimentSpecFromJson({{"data", {{"format", "xlsx"}}}}), InputError);
  EXPECT_THROW(experimentSpecFromJson({{"data", {{"split", {0.5, 0.5}}}}}), InputError);
  EXPECT_THROW(experimentSpecFromJson({{"preprocessing", {{"morphology", "stemming"}}}}),
               InputError);
}

TEST(Experiment, SameSpecGivesSameNumbers) {
  const auto spec = smallSpec();
  auto& observer = train::silentObserver();
  const auto data = prepareData(spec.data, observer);
  EXPECT_EQ(data.split.train.size(), 1400u);
  EXPECT_EQ(data.split.val.size(), 300u);
  EXPECT_EQ(data.split.test.size(), 300u);
  const auto a = runExperiment(spec, data, observer);
  const auto b = runExperiment(spec, prepareData(spec.data, observer), observer);
  EXPECT_EQ(a.datasetDigest, b.datasetDigest);
  EXPECT_EQ(a.validation.accuracy, b.validation.accuracy);
  EXPECT_EQ(a.validation.rocAuc, b.validation.rocAuc);
  EXPECT_GT(a.validation.accuracy, 0.6);
  EXPECT_GT(a.fitSeconds, 0.0);
  EXPECT_GT(a.predictMsPerTweet, 0.0);
  EXPECT_FALSE(a.validationRoc.empty());
  const auto summary = a.summary();
  EXPECT_EQ(summary["val_accuracy"].get<double>(), a.validation.accuracy);
  EXPECT_TRUE(summary.contains("val_auc"));
}

TEST(Experiment, ExportedBundleReproducesValidationScores) {
  const auto spec = smallSpec();
  const auto data = prepareData(spec.data, train::silentObserver());
  const auto result = runExperiment(spec, data, train::silentObserver());
  const auto dir = std::filesystem::temp_directory_path() / "tweetlab_experiment_bundle";
  std::filesystem::remove_all(dir);
  const auto manifest = exportBundle(result, dir);
  EXPECT_EQ(manifest.dataset["digest"], result.datasetDigest);
  const auto predictor = bundle::Predictor::load(dir);
  const auto scores = predictor->probabilities(data.split.val.texts());
  EXPECT_EQ(eval::evaluate(data.split.val.labels(), scores).accuracy, result.validation.accuracy);
  std::filesystem::remove_all(dir);
}

TEST(Experiment, CancelDuringFitThrowsCancelled) {
  auto spec = smallSpec();
  spec.model.params = {{"cv", 5}};
  const auto data = prepareData(spec.data, train::silentObserver());
  testing::RecordingObserver observer(/*stopAfterProgressCalls=*/1);
  EXPECT_THROW(runExperiment(spec, data, observer), CancelledError);
}

TEST(Experiment, MissingDatasetIsAClearError) {
  auto spec = smallSpec();
  spec.data.path = "/nonexistent/tweets.csv";
  try {
    prepareData(spec.data, train::silentObserver());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/tweets.csv"), std::string::npos);
  }
}

}  // namespace
}  // namespace tweetlab::experiment
