// Continuing from a bundle (train --init): the continued model starts where the bundle's model
// is on validation (not from scratch), incompatible bundles are refused before any training, the
// bundle's digest goes with the run, and rows added for the continued fit stay out of
// validation and test.
#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Sha256.h"
#include "core/data/Digest.h"
#include "core/experiment/Experiment.h"
#include "core/experiment/InitModel.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"
#include "tests/support/TinyBertCheckpoint.h"
#include "tests/support/TinyBundles.h"

namespace tweetlab::experiment {
namespace {

ExperimentSpec specFor(const std::string& family, nlohmann::json params) {
  ExperimentSpec s;
  s.data.path = testing::samplePath();
  s.data.sample = 1000;
  s.model.family = family;
  s.model.params = std::move(params);
  s.threads = 1;
  return s;
}

// The shared tiny deep parameters, with enough epochs for a continued run to have a best one.
nlohmann::json tinyDeep() {
  auto params = testing::tinyParams("bilstm");
  params["epochs"] = 3;
  return params;
}

// Trains `spec` and saves it as a bundle at `dir`; returns the bundle's validation metrics.
nlohmann::json trainBundle(const ExperimentSpec& spec, const std::filesystem::path& dir) {
  const auto prepared = prepareData(spec.data, train::silentObserver());
  const auto result = runExperiment(spec, prepared, train::silentObserver());
  return exportBundle(result, dir).metrics;
}

ExperimentResult continueFrom(const std::filesystem::path& bundle, ExperimentSpec spec) {
  spec.model.init = bundle;
  const auto prepared = prepareData(spec.data, train::silentObserver());
  return runExperiment(spec, prepared, train::silentObserver());
}

TEST(InitModel, ContinuedLogregStartsAtTheBundlesValidationNumbers) {
  testing::TempDir dir;
  const auto metrics = trainBundle(specFor("logreg", {{"cv", 0}}), dir / "base");

  // Continue with target tweets added to the training part.
  auto spec = specFor("logreg", nlohmann::json::object());
  spec.data.add.push_back(
      sources::parseSourceArgument(testing::targetSamplePath().string() + ":2"));
  const auto plain = prepareData(specFor("logreg", {}).data, train::silentObserver());
  spec.model.init = dir / "base";
  const auto prepared = prepareData(spec.data, train::silentObserver());
  const auto result = runExperiment(spec, prepared, train::silentObserver());

  // It starts at the bundle's model, as the bundle scored its validation split...
  ASSERT_GT(result.initValidation.count, 0u);
  EXPECT_DOUBLE_EQ(result.initValidation.accuracy, metrics["accuracy"].get<double>());
  EXPECT_NEAR(result.initValidation.logLoss, metrics["log_loss"].get<double>(), 1e-9);
  EXPECT_LT(result.initValidation.logLoss, 0.69);  // not w = 0 (log 2), where liblinear starts
  // ...over the bundle's features, and ends elsewhere: it learned from the added tweets.
  EXPECT_EQ(result.fitReport["continued"], true);
  EXPECT_NE(result.validation.logLoss, result.initValidation.logLoss);
  // The added tweets reached the training part only.
  EXPECT_EQ(data::datasetDigest(prepared.split.val), data::datasetDigest(plain.split.val));
  EXPECT_EQ(data::datasetDigest(prepared.split.test), data::datasetDigest(plain.split.test));
  EXPECT_EQ(result.validationRows, plain.split.val.size());
  ASSERT_EQ(prepared.composition.parts.size(), 2u);
  EXPECT_GT(prepared.composition.parts[1].rows, 500u);
  EXPECT_EQ(result.trainRows, plain.split.train.size() + prepared.composition.parts[1].rows);

  // The run names the exact bundle it started from.
  EXPECT_EQ(result.init["digest"], Sha256::ofFile(dir / "base" / "manifest.json"));
  EXPECT_EQ(result.init["same_split"], true);
  EXPECT_FALSE(result.init.contains("warning"));
  const auto summary = result.summary();
  EXPECT_EQ(summary["init"]["digest"], result.init["digest"]);
  EXPECT_DOUBLE_EQ(summary["init"]["val_accuracy"].get<double>(),
                   metrics["accuracy"].get<double>());
  const auto manifest = exportBundle(result, dir / "continued");
  EXPECT_EQ(manifest.dataset["init"]["digest"], result.init["digest"]);
}

TEST(InitModel, AnotherSplitIsFlagged) {
  testing::TempDir dir;
  trainBundle(specFor("logreg", {{"cv", 0}}), dir / "base");
  auto spec = specFor("logreg", {});
  spec.data.seed = 7;  // another sample and split: the bundle may have trained on its val rows
  const auto result = continueFrom(dir / "base", spec);
  EXPECT_EQ(result.init["same_split"], false);
  EXPECT_TRUE(result.init.contains("warning"));
}

TEST(InitModel, ContinuedBiLstmStartsAtTheBundlesValidationLoss) {
  testing::TempDir dir;
  const auto metrics = trainBundle(specFor("bilstm", tinyDeep()), dir / "base");
  // Other epochs, rate and dropout may change; the network may not.
  const auto result = continueFrom(
      dir / "base", specFor("bilstm", {{"epochs", 1}, {"lr", 1e-4}, {"dropout", 0.2}}));
  ASSERT_GT(result.initValidation.count, 0u);
  EXPECT_NEAR(result.initValidation.logLoss, metrics["log_loss"].get<double>(), 1e-9);
  EXPECT_DOUBLE_EQ(result.initValidation.accuracy, metrics["accuracy"].get<double>());
  EXPECT_EQ(result.fitReport["continued"], true);
  EXPECT_EQ(result.fitReport["vocabulary_size"],
            readJsonFile(dir / "base" / "model" / "deep.json")["vocabulary_size"]);
  // One epoch at a small rate from the bundle's weights: still near where it started (a network
  // trained from scratch for one epoch of 700 tweets would be near log 2).
  ASSERT_EQ(result.history.size(), 1u);
  EXPECT_NEAR(result.history[0].valLoss, metrics["log_loss"].get<double>(), 0.02);
  EXPECT_EQ(result.classifier->params()["dropout"], 0.2);
}

TEST(InitModel, ContinuedBertStartsAtTheBundlesValidationLoss) {
  testing::TempDir dir;
  testing::writeTinyBertCheckpoint(dir / "checkpoint", 500);
  const nlohmann::json params = {{"bert", (dir / "checkpoint").string()},
                                 {"epochs", 1},
                                 {"batch_size", 32},
                                 {"max_length", 24},
                                 {"threads", 1},
                                 {"seed", 3}};
  auto base = specFor("bert", params);
  base.data.sample = 300;
  const auto metrics = trainBundle(base, dir / "base");
  auto next = specFor("bert", {{"epochs", 1}, {"lr", 1e-5}});
  next.data.sample = 300;
  const auto result = continueFrom(dir / "base", next);
  EXPECT_NEAR(result.initValidation.logLoss, metrics["log_loss"].get<double>(), 1e-6);
  EXPECT_EQ(result.fitReport["continued"], true);
}

TEST(InitModel, IncompatibleBundlesAreRefused) {
  testing::TempDir dir;
  trainBundle(specFor("logreg", {{"cv", 0}}), dir / "logreg");
  trainBundle(specFor("bilstm", tinyDeep()), dir / "bilstm");
  auto refused = [&](const std::string& bundle, ExperimentSpec spec, const std::string& says) {
    spec.model.init = dir / bundle;
    try {
      openInitModel(spec, spec.model.params);
      ADD_FAILURE() << "not refused: " << says;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
  };
  // Another family.
  refused("logreg", specFor("bilstm", {}), "holds a logreg model, not bilstm");
  // Other preprocessing: the vocabulary and weights were learned on other tokens.
  auto keepUrls = specFor("logreg", {});
  keepUrls.preprocessing.normalizer.replaceUrls = false;
  refused("logreg", keepUrls, "replace_urls");
  // Another network shape, or other TF-IDF features.
  refused("bilstm", specFor("bilstm", {{"hidden", 16}}), "hidden=8, this run asks for hidden=16");
  refused("bilstm", specFor("bilstm", {{"tokenizer", "sentencepiece"}}), "tokenizer");
  refused("logreg", specFor("logreg", {{"tfidf", {{"ngram_max", 1}}}}), "tfidf");
  // fastText cannot continue a supervised model.
  const auto fasttext = nlohmann::json{{"dim", 10}, {"epochs", 2}, {"buckets", 2000}};
  trainBundle(specFor("fasttext", fasttext), dir / "fasttext");
  refused("fasttext", specFor("fasttext", {}), "only from scratch");
  // Not a bundle at all.
  auto missing = specFor("logreg", {});
  missing.model.init = dir / "nowhere";
  EXPECT_THROW(openInitModel(missing, {}), FormatError);
}

TEST(InitModel, SpecJsonKeepsTheInitBundle) {
  auto spec = specFor("bilstm", {{"epochs", 2}});
  spec.model.init = "models/v1";
  const auto json = toJson(spec);
  EXPECT_EQ(json["model"]["init"], "models/v1");
  EXPECT_EQ(experimentSpecFromJson(json).model.init, "models/v1");
  EXPECT_FALSE(toJson(specFor("bilstm", {}))["model"].contains("init"));
}

TEST(InitModel, GivenParamsGoOnTopOfTheBundles) {
  const auto merged = continuedParams({{"hidden", 8}, {"epochs", 5}, {"lr", 0.001}},
                                      {{"epochs", 1}, {"dropout", 0.3}});
  EXPECT_EQ(merged,
            (nlohmann::json{{"hidden", 8}, {"epochs", 1}, {"lr", 0.001}, {"dropout", 0.3}}));
}

}  // namespace
}  // namespace tweetlab::experiment
