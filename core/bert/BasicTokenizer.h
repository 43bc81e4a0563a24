#pragma once
// BERT's "basic" tokenization, the step before WordPiece: clean the text (drop control and
// unassigned characters, map white space to spaces), put spaces around CJK ideographs, split on
// white space, then per token lower-case and strip accents (NFD, drop non-spacing marks) when
// asked, and split off every punctuation character.
//
// It follows the reference tokenizer (Google's tokenization.py, Hugging Face's BasicTokenizer)
// rule by rule, including the surprising ones users see on tweets: emoji are symbols (So), not
// punctuation, so "love😀" stays one token; "@bob" splits into "@" "bob"; a URL splits at
// every ':' '/' '.'; U+FE0F (a non-spacing mark) disappears when accents are stripped.
// Character classes come from ICU, as Python's from unicodedata.
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::bert {

struct BasicTokenizerOptions {
  bool lowercase = true;
  // Hugging Face: strip_accents=None follows lowercase; the reference always did.
  bool stripAccents = true;
  bool splitCjk = true;  // tokenize_chinese_chars
};

class BasicTokenizer {
 public:
  explicit BasicTokenizer(BasicTokenizerOptions options = {}) : options_(options) {}
  const BasicTokenizerOptions& options() const { return options_; }

  // UTF-8 in (invalid bytes read as Latin-1, as everywhere in TweetLab), UTF-8 tokens out.
  std::vector<std::string> tokenize(std::string_view text) const;

 private:
  BasicTokenizerOptions options_;
};

// The reference's character classes, exposed for tests.
bool isBertWhitespace(char32_t cp);
bool isBertControl(char32_t cp);
bool isBertPunctuation(char32_t cp);
bool isCjkIdeograph(char32_t cp);

}  // namespace tweetlab::bert
