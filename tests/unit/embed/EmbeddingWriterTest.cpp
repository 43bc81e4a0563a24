#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/embed/EmbeddingWriter.h"
#include "core/embed/GloveLoader.h"
#include "tests/support/TempDir.h"

namespace tweetlab::embed {
namespace {

TEST(EmbeddingWriter, WrittenVectorsReadBackExactlyAsAWordVectorFile) {
  const std::vector<std::string> texts{"good morning sunshine", "good night moon", "bad morning"};
  const auto vocabulary = text::Vocabulary::build(texts, {.minCount = 1, .maxSize = 0});
  const auto matrix = randomEmbedding(vocabulary.size(), 7, 11);
  testing::TempDir dir;
  saveEmbeddingText(matrix, vocabulary, dir / "vectors.vec.gz");
  const auto back = loadGlove(dir / "vectors.vec.gz", vocabulary);
  ASSERT_EQ(back.dim, 7u);
  EXPECT_EQ(back.covered, vocabulary.size() - 2);
  for (std::size_t id = 2; id < vocabulary.size(); ++id) {
    for (std::size_t d = 0; d < 7; ++d) EXPECT_EQ(back.row(id)[d], matrix.row(id)[d]);
  }
  const auto smaller = randomEmbedding(vocabulary.size() - 1, 7, 11);
  EXPECT_THROW(saveEmbeddingText(smaller, vocabulary, dir / "x.vec.gz"), Error);
  EXPECT_THROW(saveEmbeddingText(matrix, vocabulary, dir / "no" / "such" / "dir.vec.gz"), IoError);
}

}  // namespace
}  // namespace tweetlab::embed
