#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/bundle/Bundle.h"
#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/models/LogisticRegressionClassifier.h"
#include "tests/support/SampleTweets.h"

namespace tweetlab::bundle {
namespace {

namespace fs = std::filesystem;

std::string readRegularText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tweetlab_bundle_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    models::LogisticRegressionParams params;
    params.cvFolds = 0;
    model_ = std::make_unique<models::LogisticRegressionClassifier>(params);
    model_->fit({fixture_.texts, fixture_.labels}, {}, train::silentObserver());
    preprocessing_.morphology = text::Morphology::Stem;
  }
  void TearDown() override { fs::remove_all(dir_); }

  BundleInfo info() const {
    BundleInfo i;
    i.name = "sentiment-logreg";
    i.metrics = {{"accuracy", 0.75}};
    i.dataset = {{"digest", "abc123"}};
    return i;
  }

  static inline const testing::Fixture fixture_ = [] {
    // Stemmed, as the bundle's config says: the predictor must replay it on raw text.
    auto f = testing::sampleTweets(600, 3);
    text::PreprocessConfig config;
    config.morphology = text::Morphology::Stem;
    f.texts = text::Preprocessor(config).processAll(f.raw, 1);
    return f;
  }();
  fs::path dir_;
  std::unique_ptr<models::LogisticRegressionClassifier> model_;
  text::PreprocessConfig preprocessing_;
};

TEST_F(BundleTest, PredictorOnRawTextEqualsModelOnPreprocessedText) {
  const auto manifest = saveBundle(dir_, *model_, preprocessing_, info());
  const auto predictor = Predictor::load(dir_);
  EXPECT_EQ(predictor->probabilities(fixture_.raw), model_->predictProba(fixture_.texts));
  EXPECT_EQ(predictor->manifest().version, manifest.version);
  EXPECT_EQ(predictor->manifest().preprocessing.morphology, text::Morphology::Stem);
}

TEST_F(BundleTest, ManifestDescribesTheModel) {
  const auto m = saveBundle(dir_, *model_, preprocessing_, info());
  const auto back = readManifest(dir_);
  EXPECT_EQ(back.family, "logreg");
  EXPECT_EQ(back.name, "sentiment-logreg");
  EXPECT_EQ(back.version.size(), 12u);  // content hash when no version is given
  EXPECT_EQ(back.labelMap.at(0), "negative");
  EXPECT_EQ(back.labelMap.at(1), "positive");
  EXPECT_EQ(back.dataset["digest"], "abc123");
  EXPECT_DOUBLE_EQ(back.metrics["accuracy"].get<double>(), 0.75);
  EXPECT_FALSE(back.fileSha256.empty());
  EXPECT_EQ(back.fileSha256, m.fileSha256);
}

TEST_F(BundleTest, PredictionCarriesLabelSentimentAndConfidence) {
  saveBundle(dir_, *model_, preprocessing_, info());
  const auto predictor = Predictor::load(dir_);
  const auto p = predictor->predict(std::string("I love you all, best day ever!"));
  EXPECT_EQ(p.label, 1);
  EXPECT_EQ(p.sentiment, "positive");
  EXPECT_DOUBLE_EQ(p.confidence, p.probabilityPositive);
  const auto n = predictor->predict(std::string("worst day, so sad and sick"));
  EXPECT_EQ(n.sentiment, "negative");
  EXPECT_DOUBLE_EQ(n.confidence, 1.0 - n.probabilityPositive);
}

TEST_F(BundleTest, CorruptedModelFileIsRefused) {
  saveBundle(dir_, *model_, preprocessing_, info());
  std::ofstream(dir_ / "model" / "weights.txt", std::ios::app) << "0.5\n";
  try {
    Predictor::load(dir_);
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("weights.txt"), std::string::npos);
  }
}

TEST_F(BundleTest, NewerFormatAndForeignDirectoriesAreRefusedClearly) {
  saveBundle(dir_, *model_, preprocessing_, info());
  auto manifest = readJsonFile(dir_ / "manifest.json");
  manifest["format_version"] = kFormatVersion + 1;
  writeJsonFile(dir_ / "manifest.json", manifest);
  EXPECT_THROW(Predictor::load(dir_), FormatError);
  EXPECT_THROW(Predictor::load(fs::temp_directory_path()), FormatError);
}

// Issue #15 item 0: a manifest with a deeply nested value crashed `predict` and the API.
TEST_F(BundleTest, DeeplyNestedManifestValueIsAFormatErrorNotACrash) {
  saveBundle(dir_, *model_, preprocessing_, info());
  auto text = readRegularText(dir_ / "manifest.json");
  const auto at = text.find("\"metrics\": {");
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "\"deep\": " + std::string(200000, '[') + std::string(200000, ']') + ",\n  ");
  std::ofstream(dir_ / "manifest.json", std::ios::binary | std::ios::trunc) << text;
  try {
    Predictor::load(dir_);
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("manifest.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("deeper than 64 levels"), std::string::npos) << e.what();
  }
}

TEST_F(BundleTest, SavingOverAnExistingBundleReplacesItAndLeavesNoDebris) {
  saveBundle(dir_, *model_, preprocessing_, info());
  BundleInfo second = info();
  second.version = "v2";
  saveBundle(dir_, *model_, preprocessing_, second);
  EXPECT_EQ(readManifest(dir_).version, "v2");
  for (const auto& entry : fs::directory_iterator(dir_.parent_path())) {
    const auto name = entry.path().filename().string();
    EXPECT_EQ(name.find(dir_.filename().string() + ".partial"), std::string::npos) << name;
    EXPECT_EQ(name.find(dir_.filename().string() + ".previous"), std::string::npos) << name;
  }
}

TEST_F(BundleTest, AFailedSaveKeepsThePreviousBundle) {
  saveBundle(dir_, *model_, preprocessing_, info());
  const auto before = readManifest(dir_).version;
  models::LogisticRegressionClassifier unfitted;  // save() throws: nothing to save
  EXPECT_THROW(saveBundle(dir_, unfitted, preprocessing_, info()), Error);
  EXPECT_EQ(readManifest(dir_).version, before);
  EXPECT_NO_THROW(Predictor::load(dir_));
}

}  // namespace
}  // namespace tweetlab::bundle
