#include <gtest/gtest.h>

#include "core/text/StopWords.h"

namespace tweetlab::text {
namespace {

TEST(StopWords, CommonFunctionWordsAreStopWords) {
  for (const char* w : {"the", "a", "i", "is", "was", "do", "can", "will", "you're", "it's", "'s",
                        "'m", "The", "IS"}) {
    EXPECT_TRUE(StopWords::isStopWord(w)) << w;
  }
}

TEST(StopWords, NegationsAreKept) {
  for (const char* w : {"no", "not", "nor", "never", "n't", "N'T", "don't", "isn't", "wasn't",
                        "won't", "can't", "couldn't", "shouldn't", "dont", "didn", "don\u2019t"}) {
    EXPECT_FALSE(StopWords::isStopWord(w)) << w;
    EXPECT_TRUE(StopWords::isNegation(w)) << w;
  }
}

TEST(StopWords, ContentWordsAreNotStopWords) {
  for (const char* w : {"good", "bad", "love", "hate", "happy", "sad", "!", "<smile>", ""}) {
    EXPECT_FALSE(StopWords::isStopWord(w)) << w;
    EXPECT_FALSE(StopWords::isNegation(w)) << w;
  }
}

}  // namespace
}  // namespace tweetlab::text
