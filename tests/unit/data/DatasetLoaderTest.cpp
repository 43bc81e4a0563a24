#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/data/DatasetLoader.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"

namespace tweetlab::data {
namespace {

using testing::TempDir;

bool hasSkip(const LoadReport& r, std::size_t line, const std::string& reasonPart) {
  for (const auto& s : r.skipped) {
    if (s.line == line && s.reason.find(reasonPart) != std::string::npos) return true;
  }
  return false;
}

TEST(DatasetLoader, BundledSampleLoadsCompletely) {
  const auto r = loadDataset(testing::samplePath());
  EXPECT_EQ(r.report.format, Format::Sentiment140);
  EXPECT_EQ(r.report.encoding, Encoding::Utf8);
  EXPECT_EQ(r.report.rowsRead, 20000u);
  EXPECT_EQ(r.report.skippedCount, 0u);
  EXPECT_EQ(r.dataset.size(), 20000u);
  const auto counts = r.dataset.labelCounts();
  EXPECT_EQ(counts[0], 9942u);
  EXPECT_EQ(counts[1], 10058u);
  EXPECT_EQ(r.dataset.rows[0].text, "@chrishasboobs AHHH I HOPE YOUR OK!!! ");
  EXPECT_EQ(r.dataset.rows[1].text, "@misstoriblack cool , i have no tweet apps  for my razr 2");
}

TEST(DatasetLoader, Sentiment140WithoutHeaderAndLatin1Bytes) {
  TempDir dir;
  // The original training.1600000 file: every field quoted, no header, Latin-1 bytes.
  const auto file =
      dir.write("s140.csv",
                "\"0\",\"1\",\"Mon Apr 06\",\"NO_QUERY\",\"u1\",\"caf\xE9 is closed\"\n"
                "\"4\",\"2\",\"Mon Apr 06\",\"NO_QUERY\",\"u2\",\"great day\"\n");
  const auto r = loadDataset(file);
  EXPECT_EQ(r.report.format, Format::Sentiment140);
  EXPECT_EQ(r.report.encoding, Encoding::Latin1);
  ASSERT_EQ(r.dataset.size(), 2u);
  EXPECT_EQ(r.dataset.rows[0].text, "caf\xC3\xA9 is closed");
  EXPECT_EQ(r.dataset.rows[0].label, kNegative);
  EXPECT_EQ(r.dataset.rows[1].label, kPositive);
}

TEST(DatasetLoader, ForcedUtf8SkipsUndecodableRows) {
  TempDir dir;
  const auto file = dir.write("s140.csv",
                              "0,1,d,q,u,caf\xE9\n"
                              "4,2,d,q,u,fine\n");
  ReadOptions options;
  options.encoding = Encoding::Utf8;
  const auto r = loadDataset(file, options);
  EXPECT_EQ(r.dataset.size(), 1u);
  EXPECT_TRUE(hasSkip(r.report, 1, "UTF-8"));
}

TEST(DatasetLoader, BadRowsAreSkippedWithFileLineAndReason) {
  TempDir dir;
  const auto file = dir.write("bad.csv",
                              "target,ids,date,flag,user,text\n"  // 1 header
                              "0,1,d,q,u,good one\n"              // 2
                              "0,1,d,q,too few columns\n"         // 3
                              "7,1,d,q,u,unknown label\n"         // 4
                              "4,1,d,q,u,   \n"                   // 5 empty text
                              "2,1,d,q,u,neutral tweet\n"         // 6 neutral: dropped, not skipped
                              "4,1,d,q,u,\"never closed\n"        // 7
                              "4,1,d,q,u,last good\n");           // 8
  const auto r = loadDataset(file);
  EXPECT_EQ(r.report.rowsRead, 7u);
  EXPECT_EQ(r.report.rowsLoaded, 2u);
  EXPECT_EQ(r.report.neutralDropped, 1u);
  EXPECT_EQ(r.report.skippedCount, 4u);
  EXPECT_TRUE(hasSkip(r.report, 3, "expected 6 columns, found 5"));
  EXPECT_TRUE(hasSkip(r.report, 4, "unknown label '7'"));
  EXPECT_TRUE(hasSkip(r.report, 5, "empty text"));
  EXPECT_TRUE(hasSkip(r.report, 7, "unterminated"));
  EXPECT_EQ(r.report.skipped.front().file, file);
  EXPECT_EQ(r.dataset.rows.back().text, "last good");
  EXPECT_NE(r.report.summary().find("4 skipped"), std::string::npos);
}

TEST(DatasetLoader, SkippedDetailsAreBoundedButCounted) {
  TempDir dir;
  std::string bytes = "text,label\n";
  for (int i = 0; i < 50; ++i) bytes += "x,maybe\n";
  ReadOptions options;
  options.maxSkippedDetails = 10;
  const auto r = loadDataset(dir.write("many.csv", bytes), options);
  EXPECT_EQ(r.report.skippedCount, 50u);
  EXPECT_EQ(r.report.skipped.size(), 10u);
}

TEST(DatasetLoader, GenericCsvWithChosenColumnsAndWordLabels) {
  TempDir dir;
  const auto file = dir.write("reviews.csv",
                              "id,Sentiment,Tweet\n"
                              "1,positive,\"loved it, really\"\n"
                              "2,NEG,hated it\n"
                              "3,neutral,meh\n"
                              "4,Pos,ok then\n");
  ReadOptions options;
  options.textColumn = "tweet";  // matched case-insensitively
  options.labelColumn = "sentiment";
  const auto r = loadDataset(file, options);
  EXPECT_EQ(r.report.format, Format::Csv);
  ASSERT_EQ(r.dataset.size(), 3u);
  EXPECT_EQ(r.dataset.rows[0].text, "loved it, really");
  EXPECT_EQ(r.dataset.labels(), (std::vector<int>{1, 0, 1}));
  EXPECT_EQ(r.report.neutralDropped, 1u);
}

TEST(DatasetLoader, MissingColumnNamesTheColumnsThatExist) {
  TempDir dir;
  const auto file = dir.write("x.csv", "body,polarity\nhi,1\n");
  try {
    ReadOptions options;
    options.format = Format::Csv;
    loadDataset(file, options);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no text column named 'text'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("body, polarity"), std::string::npos);
  }
}

TEST(DatasetLoader, TsvByExtension) {
  TempDir dir;
  const auto file = dir.write("d.tsv", "label\ttext\n0\tsad, very sad\n1\t\"quoted\ttab\"\n");
  const auto r = loadDataset(file);
  EXPECT_EQ(r.report.format, Format::Tsv);
  ASSERT_EQ(r.dataset.size(), 2u);
  EXPECT_EQ(r.dataset.rows[0].text, "sad, very sad");
  EXPECT_EQ(r.dataset.rows[1].text, "quoted\ttab");
}

TEST(DatasetLoader, JsonLinesWithNumericAndStringLabels) {
  TempDir dir;
  const auto file = dir.write("d.jsonl",
                              "{\"text\": \"good \\ud83d\\ude00\", \"label\": 1}\n"
                              "\n"
                              "{\"text\": \"bad\", \"label\": \"negative\"}\n"
                              "{\"text\": \"broken\"\n"
                              "[1, 2]\n"
                              "{\"label\": 4}\n"
                              "{\"text\": \"four\", \"label\": 4.0}\n");
  const auto r = loadDataset(file);
  EXPECT_EQ(r.report.format, Format::JsonLines);
  ASSERT_EQ(r.dataset.size(), 3u);
  EXPECT_EQ(r.dataset.rows[0].text, "good \xF0\x9F\x98\x80");
  EXPECT_EQ(r.dataset.labels(), (std::vector<int>{1, 0, 1}));
  EXPECT_EQ(r.report.rowsRead, 6u);
  EXPECT_TRUE(hasSkip(r.report, 4, "malformed JSON"));
  EXPECT_TRUE(hasSkip(r.report, 5, "not a JSON object"));
  EXPECT_TRUE(hasSkip(r.report, 6, "no string field 'text'"));
}

TEST(DatasetLoader, MissingFileIsAnIoError) {
  EXPECT_THROW(loadDataset("/nonexistent/tweets.csv"), IoError);
  TempDir dir;
  EXPECT_THROW(loadDataset(dir.path()), IoError);
}

TEST(DatasetLoader, EmptyCsvIsAnInputError) {
  TempDir dir;
  ReadOptions options;
  options.format = Format::Csv;
  EXPECT_THROW(loadDataset(dir.write("empty.csv", ""), options), InputError);
}

TEST(DatasetLoader, ProgressReportsAndCancels) {
  std::size_t calls = 0;
  std::size_t lastDone = 0, lastTotal = 0;
  ReadOptions options;
  options.progress = [&](std::size_t done, std::size_t total) {
    ++calls;
    EXPECT_GE(done, lastDone);
    lastDone = done;
    lastTotal = total;
    return true;
  };
  loadDataset(testing::samplePath(), options);
  EXPECT_GE(calls, 2u);
  EXPECT_EQ(lastDone, lastTotal);

  options.progress = [](std::size_t done, std::size_t) { return done == 0; };
  EXPECT_THROW(loadDataset(testing::samplePath(), options), CancelledError);
}

TEST(ParseLabel, KnownSchemes) {
  EXPECT_EQ(parseLabel("0"), kNegative);
  EXPECT_EQ(parseLabel("4"), kPositive);
  EXPECT_EQ(parseLabel(" 1 "), kPositive);
  EXPECT_EQ(parseLabel("Negative"), kNegative);
  EXPECT_EQ(parseLabel("POS"), kPositive);
  EXPECT_EQ(parseLabel("neutral"), kNeutralLabel);
  EXPECT_EQ(parseLabel("2"), kNeutralLabel);
  EXPECT_EQ(parseLabel("3"), kUnknownLabel);
  EXPECT_EQ(parseLabel(""), kUnknownLabel);
}

}  // namespace
}  // namespace tweetlab::data
