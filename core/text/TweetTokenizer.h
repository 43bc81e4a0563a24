#pragma once
// Splits normalised tweet text into tokens with one hand-written scan.
//
// Policies (what a model sees):
//  - words are maximal runs of letters/digits of any script; apostrophes (' or U+2019) inside a
//    word are kept, hyphens and other punctuation split words;
//  - contractions split Treebank-style so negation is its own token: "don't" -> "do" "n't",
//    "can't" -> "can" "n't", "won't" -> "will" "n't", "cannot" -> "can" "not", "it's" -> "it" "'s"
//    (also 're 've 'll 'd 'm). Apostrophe-less negations common in tweets ("dont", "cant",
//    "didnt", "wont", ...) split the same way. The apostrophe is always written as ASCII '.
//  - placeholders ("<url>", "<smile>", ... see Placeholders.h), URLs, "@mentions", "#hashtags"
//    and emoji clusters are single tokens; raw emoticons too when recognizeEmoticons is on;
//  - "!" and "?" carry sentiment and are kept: a run of them is one token, "!", "!!", "!!!"
//    (3+ capped at 3), likewise for "?", and any mix of the two is "?!";
//  - all other punctuation and symbols are dropped.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::text {

enum class TokenKind : std::uint8_t {
  Word,         // letters/digits, may contain an apostrophe ("o'clock")
  Clitic,       // "n't", "'s", "'re", "'ve", "'ll", "'d", "'m"
  Placeholder,  // "<url>", "<user>", "<number>", "<smile>", ...
  Emoticon,     // a raw emoticon as written (only with recognizeEmoticons)
  Emoji,
  Url,
  Mention,
  Hashtag,
  Punct,  // "!" / "?" runs
};

struct Token {
  std::string text;
  TokenKind kind = TokenKind::Word;
  friend bool operator==(const Token&, const Token&) = default;
};

struct TokenizerConfig {
  bool splitContractions = true;
  // Keeps raw emoticons (":)", "<3") as tokens. The pipeline turns this off because its
  // normaliser already maps emoticons to placeholders (or deliberately leaves them as noise).
  bool recognizeEmoticons = true;
};

class TweetTokenizer {
 public:
  explicit TweetTokenizer(TokenizerConfig config = {}) : config_(config) {}

  std::vector<Token> tokenize(std::string_view text) const;
  // Appends to `out` (reuse one vector across tweets on the hot path).
  void tokenizeInto(std::string_view text, std::vector<Token>& out) const;
  std::vector<std::string> tokenizeToStrings(std::string_view text) const;

 private:
  void addWord(std::string word, std::vector<Token>& out) const;

  TokenizerConfig config_;
};

}  // namespace tweetlab::text
