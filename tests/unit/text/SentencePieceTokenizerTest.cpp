#include <gtest/gtest.h>

#include <fstream>

#include "core/common/Errors.h"
#include "core/text/SentencePieceTokenizer.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"

namespace tweetlab::text {
namespace {

SentencePieceOptions smallModel() {
  SentencePieceOptions o;
  o.vocabSize = 600;
  return o;
}

// SentencePiece marks word starts with U+2581; undoing that gives the text back.
std::string detokenize(const std::string& pieces) {
  std::string out;
  for (std::size_t i = 0; i < pieces.size();) {
    if (pieces.compare(i, 3, "\xE2\x96\x81") == 0) {
      if (!out.empty()) out += ' ';
      i += 3;
    } else if (pieces[i] == ' ') {
      ++i;
    } else {
      out += pieces[i++];
    }
  }
  return out;
}

TEST(SentencePieceTokenizer, TrainsOnRealTweetsAndEncodesLosslessly) {
  const auto tweets = testing::sampleTweets(2000, 3);
  const auto tokenizer = SentencePieceTokenizer::train(tweets.texts, smallModel());
  EXPECT_LE(tokenizer.pieceCount(), 600);
  EXPECT_GT(tokenizer.pieceCount(), 100);
  for (std::size_t i = 0; i < 50; ++i) {
    const auto& text = tweets.texts[i];
    const auto pieces = tokenizer.encode(text);
    if (text.empty()) continue;
    EXPECT_FALSE(pieces.empty()) << text;
    EXPECT_EQ(detokenize(pieces), text);
  }
  // A word the tweets never use still gets pieces, not one unknown token.
  const auto rare = tokenizer.encode("unhappiest");
  EXPECT_NE(rare.find(' '), std::string::npos) << rare;
  EXPECT_EQ(detokenize(rare), "unhappiest");
  EXPECT_EQ(tokenizer.encodeAll(tweets.texts).size(), tweets.texts.size());
}

TEST(SentencePieceTokenizer, SameSeedSamePiecesAndSaveLoadRoundTrip) {
  const auto tweets = testing::sampleTweets(1000, 4);
  const auto a = SentencePieceTokenizer::train(tweets.texts, smallModel());
  const auto b = SentencePieceTokenizer::train(tweets.texts, smallModel());
  EXPECT_EQ(a.encodeAll(tweets.texts), b.encodeAll(tweets.texts));
  testing::TempDir dir;
  a.save(dir / "subwords.model");
  const auto loaded = SentencePieceTokenizer::load(dir / "subwords.model");
  EXPECT_EQ(loaded.pieceCount(), a.pieceCount());
  EXPECT_EQ(loaded.encodeAll(tweets.texts), a.encodeAll(tweets.texts));
}

TEST(SentencePieceTokenizer, BadModelFilesAndOptionsAreClearErrors) {
  testing::TempDir dir;
  EXPECT_THROW(SentencePieceTokenizer::load(dir / "missing.model"), IoError);
  { std::ofstream(dir / "bad.model") << "this is not a sentencepiece model\n"; }
  try {
    SentencePieceTokenizer::load(dir / "bad.model");
    FAIL() << "a text file loaded as a model";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.model"), std::string::npos) << e.what();
  }
  const std::vector<std::string> texts{"good morning", "bad night"};
  auto options = smallModel();
  options.modelType = "wordpiece";
  EXPECT_THROW(SentencePieceTokenizer::train(texts, options), InputError);
  EXPECT_THROW(SentencePieceTokenizer::train(std::vector<std::string>{"", ""}, smallModel()),
               InputError);
  EXPECT_NE(SentencePieceTokenizer::shimLocation().find("libtweetlab_spm_shim.so"),
            std::string::npos);
}

}  // namespace
}  // namespace tweetlab::text
