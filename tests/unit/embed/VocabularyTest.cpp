#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/text/Vocabulary.h"
#include "tests/support/TempDir.h"

namespace tweetlab::text {
namespace {

const std::vector<std::string> kTexts{"i love it", "i love this <user>", "i hate it", "meh"};

TEST(Vocabulary, IdsFollowFrequencyThenBytesAfterPadAndUnk) {
  const auto v = Vocabulary::build(kTexts, {.minCount = 1, .maxSize = 0});
  EXPECT_EQ(v.token(0), "<pad>");
  EXPECT_EQ(v.token(1), "<unk>");
  EXPECT_EQ(v.token(2), "i");   // 3 times
  EXPECT_EQ(v.token(3), "it");  // 2 times, "it" < "love"
  EXPECT_EQ(v.token(4), "love");
  EXPECT_EQ(v.count(2), 3u);
  EXPECT_EQ(v.size(), 9u);
}

TEST(Vocabulary, MinCountAndMaxSizeTurnRareTokensIntoUnk) {
  const auto v = Vocabulary::build(kTexts, {.minCount = 2, .maxSize = 0});
  EXPECT_EQ(v.size(), 5u);  // pad, unk, i, it, love
  EXPECT_EQ(v.encode("i hate it"), (std::vector<std::int32_t>{2, Vocabulary::kUnk, 3}));
  const auto capped = Vocabulary::build(kTexts, {.minCount = 1, .maxSize = 3});
  EXPECT_EQ(capped.size(), 3u);
  EXPECT_EQ(capped.id("love"), Vocabulary::kUnk);
}

TEST(Vocabulary, EncodeTruncatesAndNeverReturnsAnEmptySequence) {
  const auto v = Vocabulary::build(kTexts, {.minCount = 1, .maxSize = 0});
  EXPECT_EQ(v.encode("i love it i love it", 2).size(), 2u);
  EXPECT_EQ(v.encode(""), (std::vector<std::int32_t>{Vocabulary::kUnk}));
  EXPECT_EQ(v.encode("  i   it "), (std::vector<std::int32_t>{2, 3}));
  EXPECT_EQ(v.knownIds("i zzz it"), (std::vector<std::int32_t>{2, 3}));
}

TEST(Vocabulary, SaveLoadRoundTripAndBadFilesNameTheLine) {
  testing::TempDir dir;
  const auto v = Vocabulary::build(kTexts, {.minCount = 1, .maxSize = 0});
  v.save(dir / "vocab.txt");
  const auto loaded = Vocabulary::load(dir / "vocab.txt");
  ASSERT_EQ(loaded.size(), v.size());
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(v.size()); ++i) {
    EXPECT_EQ(loaded.token(i), v.token(i));
    EXPECT_EQ(loaded.count(i), v.count(i));
  }
  dir.write("bad.txt", "<pad>\t0\n<unk>\t0\nword\tmany\n");
  try {
    Vocabulary::load(dir / "bad.txt");
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.txt:3"), std::string::npos) << e.what();
  }
  dir.write("nopad.txt", "word\t3\n");
  EXPECT_THROW(Vocabulary::load(dir / "nopad.txt"), FormatError);
}

}  // namespace
}  // namespace tweetlab::text
