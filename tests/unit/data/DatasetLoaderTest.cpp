#include <gtest/gtest.h>
#include <sys/stat.h>

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

// Issue #15 item 0: a JSON Lines row whose label nests 100,000 arrays crashed the loader.
TEST(DatasetLoader, DeeplyNestedJsonLinesRowIsSkippedNotACrash) {
  TempDir dir;
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto file = dir.write("deep.jsonl",
                              "{\"text\": \"fine\", \"label\": 1}\n"
                              "{\"text\": \"deep\", \"label\": " +
                                  deep +
                                  "}\n"
                                  "{\"text\": " +
                                  deep +
                                  ", \"label\": 0}\n"
                                  "{\"text\": \"also fine\", \"label\": 0}\n");
  const auto r = loadDataset(file);
  EXPECT_EQ(r.dataset.size(), 2u);
  EXPECT_EQ(r.report.skippedCount, 2u);
  EXPECT_TRUE(hasSkip(r.report, 2, "deeper than 64 levels"));
  EXPECT_TRUE(hasSkip(r.report, 3, "deeper than 64 levels"));
}

bool hasWarning(const LoadReport& r, std::size_t line, const std::string& part) {
  for (const auto& w : r.warnings) {
    if (w.line == line && w.reason.find(part) != std::string::npos) return true;
  }
  return false;
}

// Issue #15 item 5: one invalid byte re-decoded the whole file as Latin-1 (every accented or
// emoji row became mojibake, silently). Each row is decoded by itself now.
TEST(DatasetLoader, OneBadByteChangesOnlyItsOwnRowAndSaysSo) {
  TempDir dir;
  const auto file = dir.write("mixed.csv",
                              "text,label\n"
                              "caf\xC3\xA9 au lait,1\n"           // 2 UTF-8
                              "caf\xE9 in Latin-1,0\n"            // 3 Latin-1
                              "smile \xF0\x9F\x98\x80 now,1\n");  // 4 UTF-8 emoji
  const auto r = loadDataset(file);
  ASSERT_EQ(r.dataset.size(), 3u);
  EXPECT_EQ(r.dataset.rows[0].text, "caf\xC3\xA9 au lait");
  EXPECT_EQ(r.dataset.rows[1].text, "caf\xC3\xA9 in Latin-1");
  EXPECT_EQ(r.dataset.rows[2].text, "smile \xF0\x9F\x98\x80 now");
  EXPECT_EQ(r.report.encoding, Encoding::Utf8);
  EXPECT_EQ(r.report.latin1Rows, 1u);
  EXPECT_EQ(r.report.warningCount, 1u);
  EXPECT_TRUE(hasWarning(r.report, 3, "not valid UTF-8: read as Latin-1"));
  EXPECT_EQ(r.report.warnings.front().file, file);
  EXPECT_NE(r.report.summary().find("1 warning"), std::string::npos) << r.report.summary();
  EXPECT_NE(r.report.summary().find("1 row read as latin-1"), std::string::npos);
}

TEST(DatasetLoader, ABadByteInASkippedRowChangesNothing) {
  TempDir dir;
  const auto file = dir.write("skipped.csv",
                              "text,label\n"
                              "na\xC3\xAFve,1\n"
                              "bad \xFF byte,maybe\n"  // skipped for its label
                              "ol\xC3\xA9,0\n");
  const auto r = loadDataset(file);
  ASSERT_EQ(r.dataset.size(), 2u);
  EXPECT_EQ(r.dataset.rows[0].text, "na\xC3\xAFve");
  EXPECT_EQ(r.dataset.rows[1].text, "ol\xC3\xA9");
  EXPECT_EQ(r.report.encoding, Encoding::Utf8);
  EXPECT_EQ(r.report.warningCount, 0u);
  EXPECT_TRUE(hasSkip(r.report, 3, "unknown label 'maybe'"));
}

TEST(DatasetLoader, JsonLinesAreDecodedLineByLine) {
  TempDir dir;
  const auto file = dir.write("mixed.jsonl",
                              "{\"text\": \"caf\xC3\xA9\", \"label\": 1}\n"
                              "{\"text\": \"caf\xE9\", \"label\": 0}\n");
  const auto r = loadDataset(file);
  ASSERT_EQ(r.dataset.size(), 2u);
  EXPECT_EQ(r.dataset.rows[0].text, "caf\xC3\xA9");
  EXPECT_EQ(r.dataset.rows[1].text, "caf\xC3\xA9");
  EXPECT_TRUE(hasWarning(r.report, 2, "Latin-1"));
  ReadOptions strict;
  strict.encoding = Encoding::Utf8;
  const auto s = loadDataset(file, strict);
  EXPECT_EQ(s.dataset.size(), 1u);
  EXPECT_TRUE(hasSkip(s.report, 2, "not valid UTF-8"));
}

// Issue #15 item 6: `"I love this,1` before `"worst day ever",0` became one row labelled 0,
// reported as "0 skipped".
TEST(DatasetLoader, AnUnterminatedQuoteNeverMergesRows) {
  TempDir dir;
  const auto file = dir.write("quotes.csv",
                              "text,label\n"
                              "\"I love this,1\n"
                              "\"worst day ever\",0\n"
                              "\"fine, really\",1\n");
  const auto r = loadDataset(file);
  ASSERT_EQ(r.dataset.size(), 2u);
  EXPECT_EQ(r.dataset.rows[0].text, "worst day ever");
  EXPECT_EQ(r.dataset.rows[0].label, kNegative);
  EXPECT_EQ(r.dataset.rows[1].text, "fine, really");
  EXPECT_EQ(r.report.skippedCount, 1u);
  EXPECT_TRUE(hasSkip(r.report, 2, "unterminated quoted field"));
  EXPECT_EQ(r.report.rowsRead, 3u);
}

TEST(DatasetLoader, QuotedTextOverSeveralLinesLoadsWithAWarning) {
  TempDir dir;
  const auto file = dir.write("multi.csv",
                              "text,label\n"
                              "\"first line\nsecond line\",1\n"
                              "next,0\n");
  const auto r = loadDataset(file);
  ASSERT_EQ(r.dataset.size(), 2u);
  EXPECT_EQ(r.dataset.rows[0].text, "first line\nsecond line");
  EXPECT_TRUE(hasWarning(r.report, 2, "runs over 2 lines (2-3)"));
}

// Issue #15 item 7: a FIFO as dataset blocked split/train forever.
TEST(DatasetLoader, AFifoOrADeviceIsRefusedAtOnce) {
  TempDir dir;
  const auto fifo = dir.path() / "tweets.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    loadDataset(fifo);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("FIFO"), std::string::npos) << e.what();
  }
  EXPECT_THROW(loadDataset("/dev/zero"), IoError);
}

// Issue #15 item 7: a file without newlines needed 5.3 GB; a 10 MB header line became a 10 MB
// error message.
TEST(DatasetLoader, HugeLinesAreSkippedOrRefusedWithShortMessages) {
  TempDir dir;
  ReadOptions options;
  options.maxRecordBytes = 64 * 1024;
  const auto noNewline = dir.write("blob.csv", std::string(1 << 20, 'x'));
  try {
    loadDataset(noNewline, options);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_LT(std::string(e.what()).size(), 300u);
    EXPECT_NE(std::string(e.what()).find("longer than 64 KiB"), std::string::npos) << e.what();
  }
  // Many columns: the message names a few of them.
  std::string header;
  for (int i = 0; i < 20000; ++i) header += "column" + std::to_string(i) + ",";
  const auto wide = dir.write("wide.csv", header + "label\nx,1\n");
  try {
    loadDataset(wide);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_LT(std::string(e.what()).size(), 1000u) << e.what();
    EXPECT_NE(std::string(e.what()).find("20001 columns"), std::string::npos) << e.what();
  }
  // A long row is one skipped row, not the end of the load.
  const auto rows =
      dir.write("rows.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"" +
                                  std::string(100 * 1024, 'y') +
                                  "\", \"label\": 0}\n{\"text\": \"b\", \"label\": 0}\n");
  const auto r = loadDataset(rows, options);
  EXPECT_EQ(r.dataset.size(), 2u);
  EXPECT_TRUE(hasSkip(r.report, 2, "line longer than 64 KiB"));
  const auto csvRows =
      dir.write("rows.csv", "text,label\na,1\n" + std::string(100 * 1024, 'z') + ",0\nb,0\n");
  const auto c = loadDataset(csvRows, options);
  EXPECT_EQ(c.dataset.size(), 2u);
  EXPECT_TRUE(hasSkip(c.report, 3, "longer than 64 KiB"));
}

TEST(DatasetLoader, LabelsAndColumnNamesInMessagesAreSafeForATerminal) {
  TempDir dir;
  const auto file = dir.write("escape.csv", "text,label\nhi,\x1b[2J\x1b]0;owned\x07\n");
  const auto r = loadDataset(file);
  ASSERT_EQ(r.report.skipped.size(), 1u);
  EXPECT_EQ(r.report.skipped[0].reason.find('\x1b'), std::string::npos)
      << r.report.skipped[0].reason;
  EXPECT_NE(r.report.skipped[0].reason.find("\\x1b[2J"), std::string::npos);
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
