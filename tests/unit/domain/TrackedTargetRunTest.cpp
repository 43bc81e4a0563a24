// What a run trained with added sources and a named evaluation set leaves in its record: the
// set's metrics under its prefix (sortable in the Runs table), each source's weight and digest.
#include <gtest/gtest.h>

#include "core/common/Sha256.h"
#include "core/data/SplitExport.h"
#include "core/tracking/RecordBuilder.h"
#include "tests/unit/domain/DomainFixtures.h"

namespace tweetlab::tracking {
namespace {

TEST(TrackedTargetRun, RecordCarriesPrefixedMetricsAndSourceDigests) {
  testing::TempDir dir;
  data::writeCsv(dir / "labels.csv", testing::targetRows(0, 60));
  experiment::ExperimentSpec spec;
  spec.data.path = testing::samplePath();
  spec.data.sample = 800;
  spec.data.add.push_back(sources::parseSourceArgument((dir / "labels.csv").string() + ":4"));
  spec.data.eval.push_back(
      sources::parseEvalArgument("target=" + testing::targetFixture().string()));
  spec.model.params = {{"cv", 0}};
  spec.threads = 1;
  const auto prepared = experiment::prepareData(spec.data, train::silentObserver());
  const auto result = experiment::runExperiment(spec, prepared, train::silentObserver());
  RunRecord r;
  describeSpec(r, spec);
  describeResult(r, result);
  EXPECT_DOUBLE_EQ(r.metric("target_accuracy"), result.evaluations[0].metrics.accuracy);
  EXPECT_DOUBLE_EQ(r.metric("target_balanced_accuracy"),
                   result.evaluations[0].metrics.balancedAccuracy);
  EXPECT_TRUE(r.metrics.count("target_roc_auc"));
  EXPECT_TRUE(r.metrics.count("target_ece"));
  EXPECT_EQ(r.params.at("sources.1.weight"), "4");
  EXPECT_EQ(r.params.at("sources.1.rows"), "60");
  EXPECT_EQ(r.params.at("sources.1.digest"), result.composition.parts[1].digest);
  EXPECT_EQ(r.params.at("sources.0.digest"), result.composition.parts[0].digest);
  EXPECT_EQ(r.params.at("eval.target.rows"), "600");
  EXPECT_NE(r.tags.at("tweetlab.training_sources").find("labels.csv 60 rows x4"),
            std::string::npos);
}

TEST(TrackedTargetRun, ContinuedRunNamesTheBundleItStartedFrom) {
  testing::TempDir dir;
  experiment::ExperimentSpec spec;
  spec.data.path = testing::samplePath();
  spec.data.sample = 800;
  spec.model.params = {{"cv", 0}};
  spec.threads = 1;
  const auto prepared = experiment::prepareData(spec.data, train::silentObserver());
  experiment::exportBundle(experiment::runExperiment(spec, prepared, train::silentObserver()),
                           dir / "v1");
  spec.model.init = dir / "v1";
  spec.model.params = nlohmann::json::object();
  const auto result = experiment::runExperiment(spec, prepared, train::silentObserver());
  RunRecord r;
  describeSpec(r, spec);
  describeResult(r, result);
  EXPECT_EQ(r.params.at("init.digest"), Sha256::ofFile(dir / "v1" / "manifest.json"));
  EXPECT_EQ(r.params.at("init.same_split"), "true");
  EXPECT_EQ(r.params.at("model.init"), (dir / "v1").string());
  EXPECT_DOUBLE_EQ(r.metric("init_val_accuracy"), result.initValidation.accuracy);
  EXPECT_FALSE(r.tags.count("tweetlab.init.warning"));
}

}  // namespace
}  // namespace tweetlab::tracking
