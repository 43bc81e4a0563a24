#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/text/TweetTokenizer.h"

namespace tweetlab::text {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> tok(std::string_view text, TokenizerConfig c = {}) {
  return TweetTokenizer(c).tokenizeToStrings(text);
}

TEST(TweetTokenizer, WordsAndSentimentPunctuation) {
  EXPECT_THAT(tok("<user> ahh i hope your ok!!!"),
              ElementsAre("<user>", "ahh", "i", "hope", "your", "ok", "!!!"));
  EXPECT_THAT(tok("really?! no... way!!!!! why??"),
              ElementsAre("really", "?!", "no", "way", "!!!", "why", "??"));
  EXPECT_THAT(tok("*stupid school*, well-known (yes)"),
              ElementsAre("stupid", "school", "well", "known", "yes"));
}

TEST(TweetTokenizer, ContractionsSplitTreebankStyle) {
  EXPECT_THAT(tok("i don't feel good"), ElementsAre("i", "do", "n't", "feel", "good"));
  EXPECT_THAT(tok("can't won't shan't ain't cannot"),
              ElementsAre("can", "n't", "will", "n't", "shall", "n't", "ain", "n't", "can", "not"));
  EXPECT_THAT(tok("it's you're we've i'll she'd i'm should've"),
              ElementsAre("it", "'s", "you", "'re", "we", "'ve", "i", "'ll", "she", "'d", "i", "'m",
                          "should", "'ve"));
  EXPECT_THAT(tok("DON'T Can't"), ElementsAre("DO", "N'T", "Can", "n't"));
  // Phones type U+2019; the token uses an ASCII apostrophe.
  EXPECT_THAT(tok("don\u2019t"), ElementsAre("do", "n't"));
  // Tweets often drop the apostrophe.
  EXPECT_THAT(
      tok("you dont have time, i cant, it wont"),
      ElementsAre("you", "do", "n't", "have", "time", "i", "can", "n't", "it", "will", "n't"));
  // Apostrophes that are not contractions stay inside the word or are dropped at its edges.
  EXPECT_THAT(tok("o'clock 'quoted' dogs'"), ElementsAre("o'clock", "quoted", "dogs"));
}

TEST(TweetTokenizer, ContractionSplittingCanBeSwitchedOff) {
  TokenizerConfig c;
  c.splitContractions = false;
  EXPECT_THAT(tok("i don't know, it's fine dont", c),
              ElementsAre("i", "don't", "know", "it's", "fine", "dont"));
}

TEST(TweetTokenizer, PlaceholdersUrlsMentionsHashtagsAreSingleTokens) {
  EXPECT_THAT(tok("<user> see <url> <smile><heart> <number>% <b>"),
              ElementsAre("<user>", "see", "<url>", "<smile>", "<heart>", "<number>", "b"));
  EXPECT_THAT(tok("@Bob_99 read http://bit.ly/ec8qJ, #GoCats!"),
              ElementsAre("@Bob_99", "read", "http://bit.ly/ec8qJ", "#GoCats", "!"));
  const auto kinds = TweetTokenizer().tokenize("@bob <url> #tag http://x.co \U0001F602 :) don't !");
  std::vector<TokenKind> k;
  for (const auto& t : kinds) k.push_back(t.kind);
  EXPECT_THAT(k, ElementsAre(TokenKind::Mention, TokenKind::Placeholder, TokenKind::Hashtag,
                             TokenKind::Url, TokenKind::Emoji, TokenKind::Emoticon, TokenKind::Word,
                             TokenKind::Clitic, TokenKind::Punct));
}

TEST(TweetTokenizer, EmoticonsAndEmojiAreSingleTokens) {
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";
  const std::string flag = "\U0001F1FA\U0001F1F8";
  EXPECT_THAT(
      tok("love it:) :'( xD <3 " + family + flag + "\U0001F602\U0001F602"),
      ElementsAre("love", "it", ":)", ":'(", "xD", "<3", family, flag, "\U0001F602", "\U0001F602"));
  TokenizerConfig c;
  c.recognizeEmoticons = false;
  EXPECT_THAT(tok("love it :) <3", c), ElementsAre("love", "it", "3"));
}

TEST(TweetTokenizer, AccentedAndNonLatinWords) {
  EXPECT_THAT(tok("caf\u00e9 na\u00efve, \u00e5ngstr\u00f6m"),
              ElementsAre("caf\u00e9", "na\u00efve", "\u00e5ngstr\u00f6m"));
  EXPECT_THAT(tok("\u4eca\u65e5\u306f\u697d\u3057\u3044\u3002\u660e\u65e5"),
              ElementsAre("\u4eca\u65e5\u306f\u697d\u3057\u3044", "\u660e\u65e5"));
  EXPECT_THAT(tok("\u043f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440!"),
              ElementsAre("\u043f\u0440\u0438\u0432\u0435\u0442", "\u043c\u0438\u0440", "!"));
}

TEST(TweetTokenizer, EmptyAndPunctuationOnly) {
  EXPECT_TRUE(tok("").empty());
  EXPECT_TRUE(tok(" ... --- ,,, ").empty());
}

}  // namespace
}  // namespace tweetlab::text
