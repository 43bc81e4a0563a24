#include <gtest/gtest.h>

#include "core/bundle/Bundle.h"
#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/eval/Metrics.h"
#include "core/models/BertClassifier.h"
#include "tests/support/RecordingObserver.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"
#include "tests/unit/bert/BertFixtures.h"

namespace tweetlab::models {
namespace {

// A 2-layer, 64-wide BERT with BERT's random initialisation and a vocabulary built from the
// sample: no pretrained weights exist here, so "learns" means from these tweets alone.
nlohmann::json tinyParams(const std::string& mode) {
  return {{"bert", testing::BertFixtures::get().checkpoint("tweets").string()},
          {"mode", mode},
          {"pooling", mode == "features" ? "mean" : "cls"},
          {"max_length", 40},
          {"batch_size", 8},
          {"grad_accumulation", 2},
          {"epochs", 4},
          {"lr", 5e-4},
          {"head_epochs", 15},
          {"head_hidden", 32},
          {"threads", 1},
          {"seed", 11}};
}

struct Data {
  testing::Fixture train = testing::sampleTweets(1200, 1);
  testing::Fixture val = testing::sampleTweets(400, 2);
};
const Data& data() {
  static const Data d;
  return d;
}

double accuracy(const Classifier& model, const testing::Fixture& f) {
  return eval::evaluate(f.labels, model.predictProba(f.texts)).accuracy;
}

class BertModes : public ::testing::TestWithParam<std::string> {};

TEST_P(BertModes, LearnsSentimentFromRealTweetsAndSurvivesABundleRoundTrip) {
  TWEETLAB_REQUIRE_BERT_FIXTURES();
  auto model = makeClassifier("bert", tinyParams(GetParam()));
  testing::RecordingObserver observer;
  model->fit({data().train.texts, data().train.labels}, {data().val.texts, data().val.labels},
             observer);
  const double acc = accuracy(*model, data().val);
  std::cout << "[ bert " << GetParam() << " ] validation accuracy " << acc << "\n";
  EXPECT_GT(acc, 0.58);  // chance is 0.5 on this balanced sample
  EXPECT_FALSE(model->history().empty());
  EXPECT_EQ(observer.epochs.size(), model->history().size());
  EXPECT_EQ(observer.lastDone.load(), observer.lastTotal.load());
  const auto report = model->fitReport();
  EXPECT_EQ(report["checkpoint"]["missing"].size(), 0u);
  EXPECT_EQ(report["layers"], 2);

  testing::TempDir dir;
  bundle::saveBundle(dir / "bundle", *model, {}, {});
  for (const char* file : {"config.json", "vocab.txt", "model.safetensors", "bert.json"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "bundle" / "model" / file)) << file;
  }
  const auto predictor = bundle::Predictor::load(dir / "bundle");
  EXPECT_EQ(predictor->manifest().family, "bert");
  const text::Preprocessor preprocessor;
  EXPECT_EQ(predictor->probabilities(data().val.raw),
            model->predictProba(preprocessor.processAll(data().val.raw, 1)));
  const auto loaded = bundle::loadBundle(dir / "bundle");
  EXPECT_EQ(loaded.classifier->history().size(), model->history().size());
  EXPECT_EQ(loaded.classifier->params()["mode"], GetParam());
}

INSTANTIATE_TEST_SUITE_P(Bert, BertModes, ::testing::Values("finetune", "features"));

TEST(BertClassifier, PaddingNeverChangesAPrediction) {
  TWEETLAB_REQUIRE_BERT_FIXTURES();
  auto params = tinyParams("finetune");
  params["epochs"] = 1;
  auto model = makeClassifier("bert", params);
  const auto train = testing::sampleTweets(200, 3);
  model->fit({train.texts, train.labels}, {}, train::silentObserver());
  const std::vector<std::string> alone{"i love it"};
  const std::vector<std::string> padded{
      train.texts[0] + " " + train.texts[1] + " " + train.texts[2], "i love it"};
  EXPECT_NEAR(model->predictProba(alone)[0], model->predictProba(padded)[1], 1e-6);
}

TEST(BertClassifier, HonoursCancelAndKeepsFinishedEpochs) {
  TWEETLAB_REQUIRE_BERT_FIXTURES();
  auto params = tinyParams("finetune");
  params["batch_size"] = 32;
  auto model = makeClassifier("bert", params);
  const auto& train = data().train;
  // 1200 rows / 32 = 38 micro-batches an epoch: stop during the second epoch.
  testing::RecordingObserver observer(50);
  EXPECT_THROW(
      model->fit({train.texts, train.labels}, {data().val.texts, data().val.labels}, observer),
      CancelledError);
  EXPECT_EQ(model->history().size(), 1u);
  EXPECT_THROW(model->predictProba(train.texts), Error);
}

TEST(BertClassifier, SaysWhatIsWrongWithItsParameters) {
  const std::string dir = "/models/bert-tiny";
  EXPECT_THROW(makeClassifier("bert", {{"bert", dir}, {"mode", "frozen"}}), InputError);
  EXPECT_THROW(makeClassifier("bert", {{"bert", dir}, {"pooling", "max"}}), InputError);
  EXPECT_THROW(makeClassifier("bert", {{"bert", dir}, {"max_length", 1}}), InputError);
  EXPECT_NO_THROW(
      makeClassifier("bert", {{"bert", dir}, {"mode", "features"}, {"pooling", "mean"}}));
  // A configured model without a checkpoint is refused when it is set up (an empty object asks
  // for the defaults, which the GUI's form starts from)...
  for (const nlohmann::json& params :
       {nlohmann::json{{"epochs", 2}}, nlohmann::json{{"bert", ""}}}) {
    try {
      makeClassifier("bert", params);
      ADD_FAILURE() << "set up without a checkpoint: " << params;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("--bert"), std::string::npos) << e.what();
    }
  }
  // ...and fitting the defaults still says what is missing.
  auto model = makeClassifier("bert");
  const std::vector<std::string> texts{"good"};
  const std::vector<int> labels{1};
  try {
    model->fit({texts, labels}, {}, train::silentObserver());
    FAIL() << "fitted without a checkpoint";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--bert"), std::string::npos) << e.what();
  }
  auto nowhere = makeClassifier("bert", {{"bert", "/nonexistent/bert-tiny"}});
  EXPECT_THROW(nowhere->fit({texts, labels}, {}, train::silentObserver()), InputError);
  EXPECT_EQ(makeClassifier("bert")->params()["mode"], "finetune");
}

}  // namespace
}  // namespace tweetlab::models
