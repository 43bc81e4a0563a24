#pragma once
// English stop words: NLTK's English list (179 words) minus everything that carries negation,
// because "not good" and "good" must stay different after stop-word removal.
//
// Kept (never stop words): "no", "nor", "not", "never", "n't", every "...n't" contraction
// ("don't", "isn't", "won't", ...) and the apostrophe-less stubs of those contractions that
// NLTK lists ("don", "isn", "wasn", "ain", ...), which appear when a tweet writes "didn t".
// Added: the clitic tokens the tokenizer emits for stop words ("'s", "'re", "'ve", "'ll", "'d",
// "'m"). Matching ignores ASCII case, so it works whether or not the text was lowercased.
#include <string_view>

namespace tweetlab::text {

class StopWords {
 public:
  static bool isStopWord(std::string_view word);
  // True for tokens that express negation ("not", "n't", "never", "don't", "dont", ...).
  static bool isNegation(std::string_view word);
};

}  // namespace tweetlab::text
