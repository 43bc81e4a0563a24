#include <gtest/gtest.h>
#include <zlib.h>

#include "core/common/Errors.h"
#include "core/embed/GloveLoader.h"
#include "tests/support/TempDir.h"

namespace tweetlab::embed {
namespace {

const std::vector<std::string> kCorpus{"good morning", "bad morning twitter", "good day"};

text::Vocabulary vocabulary() {
  return text::Vocabulary::build(kCorpus, {.minCount = 1, .maxSize = 0});
}

// GloVe's format as published (glove.twitter.27B: lowercase words, space-separated floats).
const char* kGlove =
    "good 0.1 -0.2 0.3\n"
    "morning 1e-1 2.5 -3\n"
    "the 0 0 1\n"
    "Twitter 0.5 0.5 0.5\n";

std::string message(const std::filesystem::path& file) {
  try {
    loadGlove(file, vocabulary());
  } catch (const FormatError& e) {
    return e.what();
  }
  return "no error";
}

TEST(GloveLoader, LoadsVectorsAndReportsCoverage) {
  testing::TempDir dir;
  const auto v = vocabulary();
  const auto m = loadGlove(dir.write("glove.txt", kGlove), v);
  EXPECT_EQ(m.dim, 3u);
  EXPECT_EQ(m.rows, v.size());
  EXPECT_EQ(m.source, "glove");
  const auto good = static_cast<std::size_t>(v.id("good"));
  EXPECT_FLOAT_EQ(m.row(good)[1], -0.2f);
  EXPECT_FLOAT_EQ(m.row(static_cast<std::size_t>(v.id("morning")))[2], -3.0f);
  // "Twitter" matches the lowercase vocabulary word; "bad" and "day" are not in the file.
  EXPECT_FLOAT_EQ(m.row(static_cast<std::size_t>(v.id("twitter")))[0], 0.5f);
  EXPECT_EQ(m.covered, 3u);
  EXPECT_DOUBLE_EQ(m.coverage(), 3.0 / 5.0);
  const auto bad = m.row(static_cast<std::size_t>(v.id("bad")));
  EXPECT_TRUE(bad[0] != 0.0f || bad[1] != 0.0f || bad[2] != 0.0f);  // random, not zero
  for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(m.row(0)[k], 0.0f);
  EXPECT_EQ(m.report()["covered_words"], 3);
}

TEST(GloveLoader, ReadsGzipAndSkipsAWord2VecHeader) {
  testing::TempDir dir;
  const auto file = dir / "vectors.txt.gz";
  gzFile gz = gzopen(file.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  const std::string text = std::string("4 3\r\n") + kGlove;
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  const auto v = vocabulary();
  const auto m = loadGlove(file, v);
  EXPECT_EQ(m.covered, 3u);
  EXPECT_FLOAT_EQ(m.row(static_cast<std::size_t>(v.id("good")))[2], 0.3f);
}

TEST(GloveLoader, MalformedFilesNameTheLine) {
  testing::TempDir dir;
  auto e = message(dir.write("short.txt", "good 0.1 0.2 0.3\nmorning 0.1 0.2\n"));
  EXPECT_NE(e.find("short.txt:2"), std::string::npos) << e;
  EXPECT_NE(e.find("expected 3"), std::string::npos) << e;

  e = message(dir.write("nan.txt", "good 0.1 0.2 0.3\n\nmorning 0.1 abc 0.3\n"));
  EXPECT_NE(e.find("nan.txt:3"), std::string::npos) << e;
  EXPECT_NE(e.find("'abc'"), std::string::npos) << e;

  e = message(dir.write("comma.txt", "good 0,1 0.2\n"));  // a German-locale export
  EXPECT_NE(e.find("comma.txt:1"), std::string::npos) << e;

  e = message(dir.write("lonely.txt", "good 0.1\nmorning\n"));
  EXPECT_NE(e.find("lonely.txt:2"), std::string::npos) << e;

  e = message(dir.write("empty.txt", ""));
  EXPECT_NE(e.find("no word vectors"), std::string::npos) << e;

  // Truncated gzip: the error names the file, and how far reading got.
  const auto gzFile = dir / "cut.txt.gz";
  {
    auto handle = gzopen(gzFile.c_str(), "wb");
    std::string big;
    for (int i = 0; i < 2000; ++i) big += "w" + std::to_string(i) + " 0.1 0.2 0.3\n";
    gzwrite(handle, big.data(), static_cast<unsigned>(big.size()));
    gzclose(handle);
  }
  const auto size = std::filesystem::file_size(gzFile);
  std::filesystem::resize_file(gzFile, size / 2);
  e = message(gzFile);
  EXPECT_NE(e.find("cut.txt.gz"), std::string::npos) << e;
}

TEST(GloveLoader, MissingFileIsAnIoError) {
  EXPECT_THROW(loadGlove("/nonexistent/glove.txt", vocabulary()), IoError);
}

}  // namespace
}  // namespace tweetlab::embed
