#include <gtest/gtest.h>

#include "core/bundle/Bundle.h"
#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/embed/GloveLoader.h"
#include "core/eval/Metrics.h"
#include "core/models/DeepClassifier.h"
#include "core/text/Vocabulary.h"
#include "tests/support/RecordingObserver.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"

namespace tweetlab::models {
namespace {

// Tiny but real: a few hundred sample tweets, small layers, one thread (repeatable).
nlohmann::json tinyParams(const std::string& embedding = "random") {
  return {{"embedding", embedding},
          {"dim", 16},
          {"hidden", 8},
          {"filters", 8},
          {"kernel_sizes", {2, 3}},
          {"epochs", 2},
          {"batch_size", 32},
          {"threads", 1},
          {"seed", 5},
          {"min_count", 1}};
}

std::unique_ptr<Classifier> fitted(const std::string& family, const nlohmann::json& params,
                                   const testing::Fixture& train, const testing::Fixture& val) {
  auto model = makeClassifier(family, params);
  model->fit({train.texts, train.labels}, {val.texts, val.labels}, train::silentObserver());
  return model;
}

class DeepFamily : public ::testing::TestWithParam<std::string> {};

TEST_P(DeepFamily, SameSeedSameThreadsSameModel) {
  const auto train = testing::sampleTweets(300, 1);
  const auto val = testing::sampleTweets(100, 2);
  const auto a = fitted(GetParam(), tinyParams(), train, val);
  const auto b = fitted(GetParam(), tinyParams(), train, val);
  EXPECT_EQ(a->predictProba(val.texts), b->predictProba(val.texts));
  ASSERT_EQ(a->history().size(), 2u);
  EXPECT_EQ(a->history()[1].valLoss, b->history()[1].valLoss);
}

TEST_P(DeepFamily, PaddingNeverChangesAPrediction) {
  const auto train = testing::sampleTweets(300, 1);
  const auto model = fitted(GetParam(), tinyParams(), train, {});
  std::string longText;
  for (int i = 0; i < 40; ++i) longText += train.texts[static_cast<std::size_t>(i)] + " ";
  const std::vector<std::string> shortTexts{"i love it", "sad", "", "not good at all :("};
  for (const auto& text : shortTexts) {
    const std::vector<std::string> alone{text};
    // In a batch with a much longer text, the short one is padded by dozens of positions.
    const std::vector<std::string> padded{longText, text, "ok"};
    const double p = model->predictProba(alone)[0];
    EXPECT_NEAR(p, model->predictProba(padded)[1], 1e-6) << "'" << text << "'";
  }
}

TEST_P(DeepFamily, SaveLoadRoundTripGivesIdenticalProbabilities) {
  const auto train = testing::sampleTweets(300, 1);
  const auto val = testing::sampleTweets(100, 2);
  const auto model = fitted(GetParam(), tinyParams("word2vec"), train, val);
  testing::TempDir dir;
  bundle::saveBundle(dir / "bundle", *model, {}, {});
  const auto predictor = bundle::Predictor::load(dir / "bundle");
  EXPECT_EQ(predictor->manifest().family, GetParam());
  const text::Preprocessor preprocessor;
  EXPECT_EQ(predictor->probabilities(val.raw),
            model->predictProba(preprocessor.processAll(val.raw, 1)));
  const auto loaded = bundle::loadBundle(dir / "bundle");
  EXPECT_EQ(loaded.classifier->history().size(), model->history().size());
  EXPECT_EQ(loaded.classifier->fitReport()["vocabulary_size"],
            model->fitReport()["vocabulary_size"]);
  // The Word2Vec vectors travel with the bundle, readable as a word-vector file.
  const auto modelDir = dir / "bundle" / "model";
  const auto vocabulary = text::Vocabulary::load(modelDir / "vocabulary.txt");
  const auto vectors = embed::loadGlove(modelDir / "embeddings.vec.gz", vocabulary);
  EXPECT_EQ(vectors.dim, 16u);
  EXPECT_EQ(vectors.covered, vocabulary.size() - 2);
  // A loaded model saved again still carries them.
  loaded.classifier->save(dir / "again");
  EXPECT_TRUE(std::filesystem::exists(dir / "again" / "embeddings.vec.gz"));
}

TEST_P(DeepFamily, CancelLandsWithinOneBatchAndKeepsTheFinishedEpochs) {
  const auto train = testing::sampleTweets(320, 1);  // 10 batches of 32 per epoch
  const auto val = testing::sampleTweets(64, 2);
  auto params = tinyParams();
  params["epochs"] = 5;
  auto model = makeClassifier(GetParam(), params);
  testing::RecordingObserver observer(/*stopAfterProgressCalls=*/14);  // epoch 2, batch 4
  EXPECT_THROW(model->fit({train.texts, train.labels}, {val.texts, val.labels}, observer),
               CancelledError);
  EXPECT_EQ(observer.progressCalls.load(), 14);  // not one batch more
  EXPECT_EQ(observer.lastDone.load(), 14u);
  EXPECT_EQ(observer.lastTotal.load(), 50u);
  ASSERT_EQ(observer.epochs.size(), 1u);
  ASSERT_EQ(model->history().size(), 1u);
  EXPECT_EQ(model->history()[0].epoch, 1);
}

INSTANTIATE_TEST_SUITE_P(Deep, DeepFamily, ::testing::Values("cnn", "bilstm"));

TEST(DeepClassifier, LearnsSentimentFromRealTweets) {
  const auto train = testing::sampleTweets(1600, 1);
  const auto val = testing::sampleTweets(400, 2);
  auto params = tinyParams("word2vec");
  params["epochs"] = 3;
  params["dim"] = 32;
  params["hidden"] = 16;
  const auto model = fitted("bilstm", params, train, val);
  const double auc = eval::rocAuc(val.labels, model->predictProba(val.texts));
  EXPECT_GT(auc, 0.65);
  const auto report = model->fitReport();
  EXPECT_EQ(report["embedding"]["source"], "word2vec-skipgram");
  EXPECT_DOUBLE_EQ(report["embedding"]["coverage"].get<double>(), 1.0);
  EXPECT_GT(report["val_token_coverage"].get<double>(), 0.5);
  for (const auto& row : model->history()) {
    EXPECT_TRUE(std::isfinite(row.loss) && std::isfinite(row.valAuc) &&
                std::isfinite(row.accuracy));
  }
}

TEST(DeepClassifier, EarlyStoppingRestoresTheBestEpoch) {
  const auto train = testing::sampleTweets(300, 1);
  const auto val = testing::sampleTweets(200, 2);
  auto params = tinyParams();
  params["epochs"] = 12;
  params["lr"] = 0.03;  // overfits 300 tweets within a few epochs: validation loss turns up
  params["patience"] = 2;
  params["dropout"] = 0.0;
  const auto model = fitted("cnn", params, train, val);
  const auto history = model->history();
  ASSERT_LT(history.size(), 12u) << "validation loss never rose; the test needs a stronger overfit";
  std::size_t best = 0;
  for (std::size_t i = 1; i < history.size(); ++i) {
    if (history[i].valLoss < history[best].valLoss) best = i;
  }
  EXPECT_EQ(history.size(), best + 1 + 2);  // stopped `patience` epochs after the best
  EXPECT_EQ(model->fitReport()["best_epoch"], static_cast<int>(best) + 1);
  EXPECT_EQ(model->fitReport()["stopped_early"], true);
  // The model now scores the validation set exactly as it did at its best epoch.
  const double loss = eval::logLoss(val.labels, model->predictProba(val.texts));
  EXPECT_NEAR(loss, history[best].valLoss, 1e-4);
  EXPECT_GT(std::abs(loss - history.back().valLoss), 1e-3);
}

// An empty parameter object means the defaults docs/domain.md's "Defaults that transfer" chose;
// a bundle's own values, always written in full, win over them.
TEST(DeepClassifier, DefaultsAreTheOnesTheDocsNameAndABundlesOwnWin) {
  for (const char* family : {"cnn", "bilstm"}) {
    const auto defaults = makeClassifier(family, nlohmann::json::object())->params();
    EXPECT_EQ(defaults["dropout"], 0.3) << family;
    EXPECT_EQ(defaults["max_length"], 40) << family;
    EXPECT_EQ(defaults["embedding_epochs"], 10) << family;
    auto saved = defaults;  // a bundle trained before the defaults changed
    saved["dropout"] = 0.5;
    saved["max_length"] = 50;
    saved["embedding_epochs"] = 5;
    EXPECT_EQ(makeClassifier(family, saved)->params(), saved) << family;
  }
}

TEST(DeepClassifier, BadParamsAndUnfittedUseAreClearErrors) {
  EXPECT_THROW(makeClassifier("bilstm", {{"embedding", "bert"}}), InputError);
  EXPECT_THROW(makeClassifier("bilstm", {{"pooling", "last"}}), InputError);
  EXPECT_THROW(makeClassifier("cnn", {{"kernel_sizes", nlohmann::json::array()}}), InputError);
  EXPECT_THROW(makeClassifier("cnn", {{"lr_schedule", "cosine"}}), InputError);
  EXPECT_THROW(makeClassifier("cnn", {{"dim", "big"}}), InputError);
  const auto model = makeClassifier("cnn");
  const std::vector<std::string> texts{"hello"};
  EXPECT_THROW(model->predictProba(texts), Error);
  testing::TempDir dir;
  EXPECT_THROW(model->load(dir.path()), FormatError);
}

TEST(DeepClassifier, MissingGloveFileFailsTheFitClearly) {
  const auto train = testing::sampleTweets(100, 1);
  auto model = makeClassifier("bilstm", tinyParams("glove:/nonexistent/glove.6B.100d.txt"));
  try {
    model->fit({train.texts, train.labels}, {}, train::silentObserver());
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("glove.6B.100d.txt"), std::string::npos);
  }
}

TEST(DeepClassifier, FrozenGloveEmbeddingsTakeTheFilesDimension) {
  const auto train = testing::sampleTweets(300, 1);
  testing::TempDir dir;
  std::string glove;
  for (const auto* word : {"good", "love", "sad", "work", "miss", "happy"}) {
    glove += std::string(word) + " 0.1 0.2 0.3 0.4\n";
  }
  auto params = tinyParams("glove:" + dir.write("tiny.txt", glove).string());
  params["freeze_embeddings"] = true;
  params["epochs"] = 1;
  const auto model = fitted("bilstm", params, train, {});
  EXPECT_EQ(model->fitReport()["embedding"]["dim"], 4);
  // Words of the file that occur in these 300 tweets (the others are not in the vocabulary).
  std::size_t expected = 0;
  const auto vocabulary = text::Vocabulary::build(train.texts, {.minCount = 1, .maxSize = 0});
  for (const auto* word : {"good", "love", "sad", "work", "miss", "happy"}) {
    expected += vocabulary.id(word) >= 2 ? 1 : 0;
  }
  EXPECT_EQ(model->fitReport()["embedding"]["covered_words"], expected);
  EXPECT_EQ(model->params()["freeze_embeddings"], true);
}

// SentencePiece runs in this process next to LibTorch (through the dlopen'ed shim): trained on
// the training split, it feeds the vocabulary and Word2Vec, and the bundle carries its model.
TEST(DeepClassifier, SentencePieceSubwordsTrainNextToLibTorchAndTravelInTheBundle) {
  const auto train = testing::sampleTweets(600, 1);
  const auto val = testing::sampleTweets(100, 2);
  auto params = tinyParams("word2vec");
  params["tokenizer"] = "sentencepiece";
  params["subword_vocab"] = 400;
  const auto model = fitted("bilstm", params, train, val);
  const auto report = model->fitReport();
  EXPECT_EQ(report["tokenizer"], "sentencepiece");
  EXPECT_LE(report["subword_pieces"].get<int>(), 400);
  // Subwords leave almost nothing unknown, even in validation tweets.
  EXPECT_GT(report["val_token_coverage"].get<double>(), 0.95);
  const std::vector<std::string> unseen{"supercalifragilistic tweetlab", ""};
  const auto p = model->predictProba(unseen);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_TRUE(p[0] > 0 && p[0] < 1);

  testing::TempDir dir;
  bundle::saveBundle(dir / "bundle", *model, {}, {});
  const auto loaded = bundle::loadBundle(dir / "bundle");
  EXPECT_EQ(loaded.classifier->params()["tokenizer"], "sentencepiece");
  EXPECT_EQ(loaded.classifier->predictProba(val.texts), model->predictProba(val.texts));
  EXPECT_THROW(makeClassifier("cnn", {{"tokenizer", "bert-wordpiece"}}), InputError);
}

}  // namespace
}  // namespace tweetlab::models
