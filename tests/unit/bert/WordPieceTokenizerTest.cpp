#include <gtest/gtest.h>

#include "core/bert/BasicTokenizer.h"
#include "core/bert/WordPieceTokenizer.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "tests/support/TempDir.h"
#include "tests/unit/bert/BertFixtures.h"

namespace tweetlab::bert {
namespace {

std::string joined(const std::vector<std::string>& tokens) {
  std::string s;
  for (const auto& t : tokens) s += (s.empty() ? "" : " ") + t;
  return s;
}

// Token for token against the Python reference on 3,000 real tweets (emoji, URLs, mentions,
// HTML entities, mojibake) and hand-picked edge cases (accents, CJK, final sigma, zero-width
// and control characters, full-width forms, over-long words), lower-cased and cased.
TEST(WordPieceTokenizer, MatchesTheReferenceTokenizerOnRealTweets) {
  TWEETLAB_REQUIRE_BERT_FIXTURES();
  const auto dir = testing::BertFixtures::get().tokenizerDir();
  const auto expected = readJsonFile(dir / "expected.json");
  const auto vocabulary = WordPieceTokenizer::readVocabulary(dir / "vocab.txt");
  const WordPieceTokenizer uncased(vocabulary, {true, true, true});
  const WordPieceTokenizer cased(vocabulary, {false, false, true});
  const auto& texts = expected["texts"];
  ASSERT_GT(texts.size(), 3000u);
  std::size_t mismatches = 0, unknown = 0, continuation = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto text = texts[i].get<std::string>();
    const auto want = expected["uncased"][i].get<std::vector<std::string>>();
    const auto got = uncased.tokenize(text);
    if (got != want && ++mismatches <= 5) {
      ADD_FAILURE() << "uncased, text " << i << ": " << text << "\n  reference: " << joined(want)
                    << "\n  tweetlab:  " << joined(got);
    }
    const auto wantCased = expected["cased"][i].get<std::vector<std::string>>();
    const auto gotCased = cased.tokenize(text);
    if (gotCased != wantCased && ++mismatches <= 5) {
      ADD_FAILURE() << "cased, text " << i << ": " << text << "\n  reference: " << joined(wantCased)
                    << "\n  tweetlab:  " << joined(gotCased);
    }
    for (const auto& t : want) {
      unknown += t == "[UNK]" ? 1 : 0;
      continuation += t.rfind("##", 0) == 0 ? 1 : 0;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  // The comparison exercised every path: whole words, "##" pieces and [UNK].
  EXPECT_GT(unknown, 10u);
  EXPECT_GT(continuation, 1000u);
}

TEST(BasicTokenizer, SplitsTweetsTheWayBertDoes) {
  const BasicTokenizer basic;
  EXPECT_EQ(basic.tokenize("@Bob I LOVE it!! http://t.co/x #win"),
            (std::vector<std::string>{"@", "bob", "i", "love", "it", "!", "!", "http", ":", "/",
                                      "/", "t", ".", "co", "/", "x", "#", "win"}));
  // Emoji are symbols, not punctuation: glued to a word they stay glued.
  EXPECT_EQ(basic.tokenize("great😀 day"), (std::vector<std::string>{"great😀", "day"}));
  EXPECT_EQ(basic.tokenize("Café ÉCOLE"), (std::vector<std::string>{"cafe", "ecole"}));
  EXPECT_EQ(basic.tokenize("東京tower"), (std::vector<std::string>{"東", "京", "tower"}));
  EXPECT_EQ(basic.tokenize("zero\u200bwidth"), (std::vector<std::string>{"zerowidth"}));
  const BasicTokenizer cased({false, false, true});
  EXPECT_EQ(cased.tokenize("Café ÉCOLE"), (std::vector<std::string>{"Café", "ÉCOLE"}));
}

TEST(WordPieceTokenizer, EncodesWithSpecialTokensAndTruncates) {
  const WordPieceTokenizer tokenizer(
      {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "i", "love", "it", "##s", "un", "##believ", "##able"},
      {});
  EXPECT_EQ(
      tokenizer.tokenize("I love unbelievable its xyz"),
      (std::vector<std::string>{"i", "love", "un", "##believ", "##able", "it", "##s", "[UNK]"}));
  const auto full = tokenizer.encode("i love it", 10);
  EXPECT_EQ(full.ids, (std::vector<std::int64_t>{2, 4, 5, 6, 3}));
  EXPECT_FALSE(full.truncated);
  const auto cut = tokenizer.encode("i love it", 4);
  EXPECT_EQ(cut.ids, (std::vector<std::int64_t>{2, 4, 5, 3}));
  EXPECT_TRUE(cut.truncated);
  EXPECT_EQ(tokenizer.encode("", 8).ids, (std::vector<std::int64_t>{2, 3}));
  EXPECT_THROW(tokenizer.encode("i", 1), InputError);
  // Longer than 100 characters: [UNK] whatever the vocabulary.
  EXPECT_EQ(tokenizer.tokenize(std::string(101, 'i')), (std::vector<std::string>{"[UNK]"}));
}

TEST(WordPieceTokenizer, RejectsAVocabularyWithoutSpecialTokens) {
  EXPECT_THROW(WordPieceTokenizer({"[PAD]", "[UNK]", "[CLS]", "hello"}, {}), FormatError);
  EXPECT_THROW(WordPieceTokenizer({}, {}), FormatError);
}

TEST(WordPieceTokenizer, LowerCasingComesFromTheConfigElseFromTheVocabulary) {
  testing::TempDir dir;
  dir.write("uncased/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
  dir.write("cased/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nHello\nhello\n");
  dir.write("configured/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
  dir.write("configured/tokenizer_config.json", R"({"do_lower_case": false})");
  EXPECT_TRUE(WordPieceTokenizer::fromDirectory(dir / "uncased").options().lowercase);
  EXPECT_FALSE(WordPieceTokenizer::fromDirectory(dir / "cased").options().lowercase);
  EXPECT_FALSE(WordPieceTokenizer::fromDirectory(dir / "configured").options().lowercase);
  EXPECT_TRUE(WordPieceTokenizer::fromDirectory(dir / "configured", true).options().lowercase);
  EXPECT_THROW(WordPieceTokenizer::fromDirectory(dir / "missing"), InputError);
  // save() + fromDirectory() gives the same tokenizer back.
  const auto cased = WordPieceTokenizer::fromDirectory(dir / "cased");
  cased.save(dir / "copy");
  const auto copy = WordPieceTokenizer::fromDirectory(dir / "copy");
  EXPECT_EQ(copy.vocabulary(), cased.vocabulary());
  EXPECT_FALSE(copy.options().lowercase);
}

}  // namespace
}  // namespace tweetlab::bert
