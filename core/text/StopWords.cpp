#include "core/text/StopWords.h"

#include <array>
#include <string>
#include <unordered_set>

#include "core/common/AsciiCase.h"

namespace tweetlab::text {
namespace {

// NLTK 3.8 stopwords.words("english"), with the negations described in the header removed.
constexpr std::array<std::string_view, 145> kEnglish{
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "you're", "you've",
    "you'll", "you'd", "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself",
    "she", "she's", "her", "hers", "herself", "it", "it's", "its", "itself", "they", "them",
    "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "that'll",
    "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
    "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because",
    "as", "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into",
    "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in",
    "out", "on", "off", "over", "under", "again", "further", "then", "once", "here", "there",
    "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other",
    "some", "such", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will",
    "just", "should", "should've", "now", "d", "ll", "m", "o", "re", "ve", "y", "ma",
    // Clitics as TweetTokenizer splits them off ("it's" -> "it" "'s").
    "'s", "'re", "'ve", "'ll", "'d", "'m"};

// Negation words and every form of a negated contraction: with apostrophe ("don't"), without
// ("dont", as tweets write it) and the stub NLTK's list holds ("don", from "don t").
constexpr std::array<std::string_view, 70> kNegations{
    "no",        "not",     "nor",     "never",  "n't",      "cannot",   "none",    "nobody",
    "nothing",   "nowhere", "neither", "don't",  "aren't",   "couldn't", "didn't",  "doesn't",
    "hadn't",    "hasn't",  "haven't", "isn't",  "mightn't", "mustn't",  "needn't", "shan't",
    "shouldn't", "wasn't",  "weren't", "won't",  "wouldn't", "can't",    "ain't",   "dont",
    "arent",     "couldnt", "didnt",   "doesnt", "hadnt",    "hasnt",    "havent",  "isnt",
    "mightnt",   "mustnt",  "neednt",  "shant",  "shouldnt", "wasnt",    "werent",  "wont",
    "wouldnt",   "cant",    "aint",    "don",    "aren",     "couldn",   "didn",    "doesn",
    "hadn",      "hasn",    "haven",   "isn",    "mightn",   "mustn",    "needn",   "shan",
    "shouldn",   "wasn",    "weren",   "won",    "wouldn",   "ain"};

constexpr std::size_t kLongestEntry = 9;  // "shouldn't"

// Lowercases ASCII and turns U+2019 into "'" (callers may pass raw text, not tokenizer output).
std::string canonical(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word.compare(i, 3, "\xE2\x80\x99") == 0) {
      out.push_back('\'');
      i += 2;
    } else {
      out.push_back(asciiLower(word[i]));
    }
  }
  return out;
}

using WordSet = std::unordered_set<std::string_view>;

bool lookup(const WordSet& set, std::string_view word) {
  if (word.empty() || word.size() > kLongestEntry + 2) return false;  // room for one U+2019
  return set.contains(canonical(word));
}

}  // namespace

bool StopWords::isStopWord(std::string_view word) {
  static const WordSet set(kEnglish.begin(), kEnglish.end());
  return lookup(set, word);
}

bool StopWords::isNegation(std::string_view word) {
  static const WordSet set(kNegations.begin(), kNegations.end());
  return lookup(set, word);
}

}  // namespace tweetlab::text
