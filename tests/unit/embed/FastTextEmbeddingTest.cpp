#include <gtest/gtest.h>

#include "core/embed/FastTextEmbedding.h"
#include "core/embed/Word2Vec.h"
#include "tests/support/SampleTweets.h"

namespace tweetlab::embed {
namespace {

TEST(FastTextEmbedding, GivesEveryWordAVectorAndIsRepeatable) {
  const auto tweets = testing::sampleTweets(1500, 4);
  const auto vocabulary = text::Vocabulary::build(tweets.texts, {.minCount = 1, .maxSize = 0});
  FastTextEmbeddingOptions o;
  o.dim = 20;
  o.epochs = 2;
  o.buckets = 20000;
  const auto a = trainFastTextEmbedding(vocabulary, tweets.texts, o);
  EXPECT_EQ(a.rows, vocabulary.size());
  EXPECT_EQ(a.dim, 20u);
  EXPECT_EQ(a.source, "fasttext");
  EXPECT_GT(a.coverage(), 0.99);
  for (std::size_t k = 0; k < a.dim; ++k) EXPECT_EQ(a.row(0)[k], 0.0f);
  const auto b = trainFastTextEmbedding(vocabulary, tweets.texts, o);
  EXPECT_EQ(a.values, b.values);  // one thread: repeatable
  // Sub-words: an inflection shares n-grams with its stem, so it sits closer than average.
  const auto love = static_cast<std::size_t>(vocabulary.id("love"));
  const auto loved = static_cast<std::size_t>(vocabulary.id("loved"));
  ASSERT_GE(vocabulary.id("loved"), 2);
  EXPECT_GT(cosineSimilarity(a, love, loved),
            cosineSimilarity(a, love, static_cast<std::size_t>(vocabulary.id("the"))));
}

}  // namespace
}  // namespace tweetlab::embed
