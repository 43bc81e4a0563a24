#include <gtest/gtest.h>

#include "core/bert/BertCheckpoint.h"
#include "core/bert/SafeTensors.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "tests/support/TempDir.h"
#include "tests/unit/bert/BertFixtures.h"

namespace tweetlab::bert {
namespace {

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

// Every hidden state (embeddings and each layer) and the pooled output against the Python
// reference forward pass, for a padded batch.
void expectMatchesReference(const std::filesystem::path& dir) {
  const auto checkpoint = loadCheckpoint(dir);
  const auto expected = readSafeTensors(dir / "expected.safetensors");
  auto encoder = checkpoint.encoder;
  torch::NoGradGuard noGrad;
  const auto mask = expected.at("attention_mask");
  const auto out = encoder->forward(expected.at("input_ids"), mask, true);
  ASSERT_EQ(out.hiddenStates.size(), static_cast<std::size_t>(checkpoint.config.numLayers + 1));
  double worst = 0;
  for (std::size_t i = 0; i < out.hiddenStates.size(); ++i) {
    const auto want = expected.at("hidden." + std::to_string(i));
    ASSERT_EQ(want.sizes(), out.hiddenStates[i].sizes());
    const double diff = maxAbsDiff(out.hiddenStates[i], want);
    EXPECT_LT(diff, 1e-4) << dir << " hidden state " << i;
    worst = std::max(worst, diff);
  }
  const double pooledDiff = maxAbsDiff(out.pooled, expected.at("pooled"));
  EXPECT_LT(pooledDiff, 1e-4) << dir << " pooled";
  // Recorded for docs/bert.md.
  ::testing::Test::RecordProperty("max_abs_diff", std::to_string(std::max(worst, pooledDiff)));
  std::cout << "[ reference ] " << dir.filename()
            << ": max |tweetlab - python| = " << std::max(worst, pooledDiff) << "\n";
  // A padded batch gives each row what it gives alone.
  const auto row = 2;
  const auto length = mask[row].sum().item<std::int64_t>();
  const auto alone = encoder->forward(
      expected.at("input_ids")
          .index({torch::indexing::Slice(row, row + 1), torch::indexing::Slice(0, length)}),
      mask.index({torch::indexing::Slice(row, row + 1), torch::indexing::Slice(0, length)}));
  EXPECT_LT(maxAbsDiff(alone.lastHidden[0], out.lastHidden[row].slice(0, 0, length)), 1e-5);
}

TEST(BertEncoder, MatchesThePythonReferenceFromSafetensors) {
  TWEETLAB_REQUIRE_BERT_FIXTURES();
  const auto dir = testing::BertFixtures::get().checkpoint("plain");
  expectMatchesReference(dir);
  const auto report = loadCheckpoint(dir).report;
  EXPECT_EQ(report.prefix, "");
  EXPECT_TRUE(report.missing.empty());
  EXPECT_TRUE(report.unexpected.empty());
  EXPECT_EQ(report.loaded, 5u + 2u * 16u + 2u);
}

TEST(BertEncoder, MatchesThePythonReferenceFromATaskModelsPytorchBin) {
  TWEETLAB_REQUIRE_BERT_FIXTURES();
  // torch.save()d, "bert." prefix, TensorFlow's gamma/beta, pre-training heads and a buffer.
  const auto dir = testing::BertFixtures::get().checkpoint("taskbin");
  expectMatchesReference(dir);
  const auto report = loadCheckpoint(dir).report;
  EXPECT_EQ(report.prefix, "bert.");
  EXPECT_NE(report.source.find("pytorch_model.bin"), std::string::npos);
  EXPECT_TRUE(report.missing.empty());
  EXPECT_EQ(report.unexpected,
            (std::vector<std::string>{"bert.embeddings.position_ids", "cls.predictions.bias",
                                      "cls.seq_relationship.weight"}));
}

TEST(BertCheckpoint, ReportsAMissingPoolerAndUnexpectedTensors) {
  TWEETLAB_REQUIRE_BERT_FIXTURES();
  const auto checkpoint = loadCheckpoint(testing::BertFixtures::get().checkpoint("nopooler"));
  EXPECT_EQ(checkpoint.report.missing,
            (std::vector<std::string>{"pooler.dense.weight", "pooler.dense.bias"}));
  EXPECT_EQ(checkpoint.report.unexpected.size(), 3u);
  EXPECT_EQ(checkpoint.report.toJson()["missing"].size(), 2u);
}

TEST(BertCheckpoint, AMissingEncoderTensorIsAnErrorNamingIt) {
  TWEETLAB_REQUIRE_BERT_FIXTURES();
  try {
    loadCheckpoint(testing::BertFixtures::get().checkpoint("nolayer"));
    FAIL() << "loaded a checkpoint without encoder.layer.1.output.dense.weight";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("encoder.layer.1.output.dense.weight"), std::string::npos)
        << e.what();
  }
}

TEST(BertCheckpoint, AShapeMismatchAndAMissingDirectoryAreClearErrors) {
  TWEETLAB_REQUIRE_BERT_FIXTURES();
  testing::TempDir dir;
  const auto source = testing::BertFixtures::get().checkpoint("plain");
  std::filesystem::copy(source, dir / "ck");
  auto config = readJsonFile(dir / "ck" / "config.json");
  config["intermediate_size"] = 48;
  writeJsonFile(dir / "ck" / "config.json", config);
  try {
    loadCheckpoint(dir / "ck");
    FAIL() << "loaded weights of the wrong shape";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("intermediate.dense.weight"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(loadCheckpoint(dir / "nowhere"), InputError);
  std::filesystem::remove(dir / "ck" / "model.safetensors");
  EXPECT_THROW(loadCheckpoint(dir / "ck"), InputError);
  dir.write("bad/model.safetensors", std::string("\xff\xff\xff\xff\xff\xff\xff\x7f{}", 10));
  EXPECT_THROW(readSafeTensors(dir / "bad" / "model.safetensors"), FormatError);
}

TEST(BertCheckpoint, SavedCheckpointLoadsBackIdentically) {
  TWEETLAB_REQUIRE_BERT_FIXTURES();
  testing::TempDir dir;
  auto original = loadCheckpoint(testing::BertFixtures::get().checkpoint("taskbin"));
  saveCheckpoint(dir / "copy", original.config, original.tokenizer, original.encoder);
  auto copy = loadCheckpoint(dir / "copy");
  EXPECT_EQ(copy.report.prefix, "bert.");
  EXPECT_TRUE(copy.report.missing.empty());
  EXPECT_TRUE(copy.report.unexpected.empty());
  const auto ids = torch::tensor({{2, 10, 11, 12, 3}}, torch::kInt64);
  const auto mask = torch::ones_like(ids);
  torch::NoGradGuard noGrad;
  EXPECT_TRUE(torch::equal(original.encoder->forward(ids, mask).lastHidden,
                           copy.encoder->forward(ids, mask).lastHidden));
}

TEST(BertConfig, ReadsHuggingFaceKeysAndRejectsWhatItCannotRun) {
  const auto c = BertConfig::fromJson({{"hidden_size", 128},
                                       {"num_hidden_layers", 2},
                                       {"num_attention_heads", 2},
                                       {"intermediate_size", 512}});
  EXPECT_EQ(c.hiddenSize, 128);
  EXPECT_EQ(c.vocabSize, 30522);
  EXPECT_EQ(BertConfig::fromJson(c.toJson()).intermediateSize, 512);
  EXPECT_THROW(BertConfig::fromJson({{"hidden_size", 130}, {"num_attention_heads", 4}}),
               InputError);
  EXPECT_THROW(BertConfig::fromJson({{"position_embedding_type", "relative_key"}}), InputError);
  EXPECT_THROW(BertConfig::fromJson({{"hidden_act", "swish"}}), InputError);
  EXPECT_THROW(BertConfig::fromJson({{"hidden_size", "big"}}), InputError);
}

}  // namespace
}  // namespace tweetlab::bert
