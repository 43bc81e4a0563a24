#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/embed/EmbeddingSource.h"

namespace tweetlab::embed {
namespace {

TEST(EmbeddingSource, ParsesEveryFormAndRoundTrips) {
  for (const std::string s : {"word2vec", "word2vec:cbow", "fasttext", "fasttext:cbow", "random",
                              "glove:/data/glove.twitter.27B.100d.txt.gz"}) {
    EXPECT_EQ(EmbeddingSource::parse(s).toString(), s);
  }
  EXPECT_EQ(EmbeddingSource::parse("word2vec:skipgram").toString(), "word2vec");
  EXPECT_EQ(EmbeddingSource::parse("glove:a:b.txt").glovePath, "a:b.txt");
}

TEST(EmbeddingSource, RejectsUnknownNames) {
  EXPECT_THROW(EmbeddingSource::parse("bert"), InputError);
  EXPECT_THROW(EmbeddingSource::parse("glove"), InputError);
  EXPECT_THROW(EmbeddingSource::parse("glove:"), InputError);
  EXPECT_THROW(EmbeddingSource::parse("word2vec:sg"), InputError);
  EXPECT_THROW(EmbeddingSource::parse("random:3"), InputError);
}

TEST(EmbeddingSource, RandomIsSeededWithAZeroPadRow) {
  const std::vector<std::string> texts{"a b c", "a b"};
  const auto v = text::Vocabulary::build(texts, {.minCount = 1, .maxSize = 0});
  EmbeddingTrainOptions o;
  o.dim = 8;
  const auto a = buildEmbedding(EmbeddingSource::parse("random"), v, texts, o);
  EXPECT_EQ(a.values, buildEmbedding(EmbeddingSource::parse("random"), v, texts, o).values);
  EXPECT_EQ(a.rows, v.size());
  EXPECT_EQ(a.covered, 0u);
  for (std::size_t k = 0; k < 8; ++k) EXPECT_EQ(a.row(0)[k], 0.0f);
}

}  // namespace
}  // namespace tweetlab::embed
