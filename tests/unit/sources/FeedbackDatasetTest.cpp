#include <gtest/gtest.h>
#ifndef _WIN32
#include <sys/stat.h>
#endif

#include <fstream>

#include "core/common/Errors.h"
#include "core/data/SplitExport.h"
#include "core/sources/FeedbackDataset.h"
#include "core/sources/SourceLoader.h"
#include "core/sources/SourceSpec.h"
#include "core/telemetry/FeedbackLog.h"
#include "tests/support/TempDir.h"

namespace tweetlab::sources {
namespace {

telemetry::FeedbackRecord verdict(const std::string& text, const std::string& predicted,
                                  bool accepted) {
  static int id = 0;
  telemetry::FeedbackRecord r;
  r.id = "id-" + std::to_string(++id);
  r.receivedAt = "2024-05-01T10:00:00.000Z";
  r.text = text;
  r.predicted = predicted;
  r.score = 0.8;
  r.accepted = accepted;
  r.modelName = "tweetlab-logreg";
  r.modelVersion = "abc";
  return r;
}

// Written by the real FeedbackLog, as tweetlab-serve and the Try page write it.
std::filesystem::path writeLog(const testing::TempDir& dir,
                               const std::vector<telemetry::FeedbackRecord>& records) {
  const auto file = dir / "feedback.jsonl";
  telemetry::FeedbackLog log(file);
  for (const auto& r : records) log.append(r);
  return file;
}

int labelOf(const data::Dataset& d, const std::string& text) {
  for (const auto& row : d.rows)
    if (row.text == text) return row.label;
  return -1;
}

TEST(FeedbackDataset, AcceptedKeepsThePredictionRejectedFlipsIt) {
  testing::TempDir dir;
  const auto file = writeLog(dir, {verdict("my flight was delayed again", "positive", false),
                                   verdict("thanks for the upgrade", "positive", true),
                                   verdict("lost my bag", "negative", true),
                                   verdict("the crew was lovely", "negative", false)});
  ASSERT_TRUE(looksLikeFeedbackLog(file));
  const auto loaded = loadFeedbackLog(file);
  ASSERT_EQ(loaded.dataset.size(), 4u);
  EXPECT_EQ(labelOf(loaded.dataset, "my flight was delayed again"), data::kNegative);
  EXPECT_EQ(labelOf(loaded.dataset, "thanks for the upgrade"), data::kPositive);
  EXPECT_EQ(labelOf(loaded.dataset, "lost my bag"), data::kNegative);
  EXPECT_EQ(labelOf(loaded.dataset, "the crew was lovely"), data::kPositive);
  EXPECT_EQ(loaded.report.accepted, 2u);
  EXPECT_EQ(loaded.report.rejected, 2u);
}

TEST(FeedbackDataset, SameTextJudgedTwiceCountsOnceConflictsAreLeftOut) {
  testing::TempDir dir;
  const auto file = writeLog(
      dir, {verdict("delayed three hours", "negative", true),
            // The same verdict again (a second tester, or the same one twice): counted once.
            verdict("delayed three hours", "positive", false),
            verdict("  delayed three hours ", "negative", true),
            // Judged both ways: nobody can say which is right.
            verdict("well that was a flight", "positive", true),
            verdict("well that was a flight", "positive", false),
            verdict("great service", "positive", true)});
  const auto loaded = loadFeedbackLog(file);
  EXPECT_EQ(loaded.dataset.size(), 2u);
  EXPECT_EQ(labelOf(loaded.dataset, "delayed three hours"), data::kNegative);
  EXPECT_EQ(labelOf(loaded.dataset, "well that was a flight"), -1);
  EXPECT_EQ(loaded.report.duplicates, 2u);
  ASSERT_EQ(loaded.report.conflicts.size(), 1u);
  EXPECT_EQ(loaded.report.conflicts[0].text, "well that was a flight");
  EXPECT_EQ(loaded.report.conflicts[0].positiveLines, std::vector<std::size_t>{4});
  EXPECT_EQ(loaded.report.conflicts[0].negativeLines, std::vector<std::size_t>{5});
}

TEST(FeedbackDataset, MalformedLinesAreReportedWithTheirNumber) {
  testing::TempDir dir;
  const auto file = writeLog(dir, {verdict("on time for once", "positive", true)});
  {
    std::ofstream out(file, std::ios::app | std::ios::binary);
    out << "not json at all\n"
        << "\n"
        << R"({"id":"x","received_at":"t","text":"seat broken","predicted":"neutral","score":0.5,"accepted":true,"model":{}})"
        << "\n"
        << R"({"id":"y","received_at":"t","text":"no verdict","predicted":"positive","score":0.5,"model":{}})"
        << "\n"
        << R"({"id":"z","received_at":"t","text":"torn li)";  // a crash mid-write
  }
  const auto loaded = loadFeedbackLog(file);
  EXPECT_EQ(loaded.dataset.size(), 1u);
  ASSERT_EQ(loaded.report.malformed.size(), 4u);
  EXPECT_EQ(loaded.report.malformed[0].line, 2u);
  EXPECT_EQ(loaded.report.malformed[1].line, 4u);  // line 3 is blank: not counted as malformed
  EXPECT_NE(loaded.report.malformed[1].reason.find("neutral"), std::string::npos);
  EXPECT_EQ(loaded.report.malformed[2].line, 5u);
  EXPECT_NE(loaded.report.malformed[2].reason.find("accepted"), std::string::npos);
  EXPECT_EQ(loaded.report.malformed[3].line, 6u);
  EXPECT_NE(loaded.report.summary().find("4 malformed lines"), std::string::npos);
}

TEST(FeedbackDataset, AHostileLineIsReportedNotFollowed) {
  testing::TempDir dir;
  const auto file = writeLog(dir, {verdict("crew were lovely", "positive", true)});
  {
    std::ofstream out(file, std::ios::app | std::ios::binary);
    out << std::string(200000, '[') << "\n";  // would overflow the stack if parsed unbounded
  }
  const auto loaded = loadFeedbackLog(file);
  EXPECT_EQ(loaded.dataset.size(), 1u);
  ASSERT_EQ(loaded.report.malformed.size(), 1u);
  EXPECT_EQ(loaded.report.malformed[0].line, 2u);
  EXPECT_NE(loaded.report.malformed[0].reason.find("deeper"), std::string::npos);
}

#ifndef _WIN32
TEST(FeedbackDataset, AFifoIsRefusedWithoutWaitingForAWriter) {
  testing::TempDir dir;
  const auto fifo = dir / "feedback.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_FALSE(looksLikeFeedbackLog(fifo));
  EXPECT_THROW(loadFeedbackLog(fifo), IoError);
}
#endif

TEST(FeedbackDataset, AFileWithNoVerdictIsRefused) {
  testing::TempDir dir;
  const auto file = dir.write("bad.jsonl", "{\"accepted\": true, \"predicted\": 3}\nnope\n");
  EXPECT_THROW(loadFeedbackLog(file), InputError);
  EXPECT_THROW(loadFeedbackLog(dir / "missing.jsonl"), IoError);
}

TEST(SourceLoader, DetectsFeedbackLogsAndReadsTheCsvExportAlike) {
  testing::TempDir dir;
  const auto log = writeLog(
      dir, {verdict("delayed again", "positive", false),
            verdict("delayed again", "positive", false), verdict("lovely crew", "positive", true)});
  const auto fromLog = loadSource(parseSourceArgument(log.string() + ":3"));
  EXPECT_EQ(fromLog.kind, "feedback");
  EXPECT_DOUBLE_EQ(fromLog.spec.weight, 3.0);
  EXPECT_EQ(fromLog.dataset.size(), 2u);
  EXPECT_EQ(fromLog.duplicates, 1u);

  // The Try page's CSV export: text,label with the tester's label, one row per verdict.
  data::Dataset exported;
  exported.rows = {{"delayed again", 0}, {"delayed again", 0}, {"lovely crew", 1}};
  const auto csv = dir / "feedback.csv";
  data::writeCsv(csv, exported);
  const auto fromCsv = loadSource(parseSourceArgument(csv.string()));
  EXPECT_EQ(fromCsv.kind, "dataset");
  EXPECT_EQ(fromCsv.dataset.size(), 2u);
  EXPECT_EQ(fromCsv.duplicates, 1u);
  // The same rows either way: the same digest.
  EXPECT_EQ(fromCsv.digest, fromLog.digest);
}

TEST(SourceSpec, ParsesFileAndWeight) {
  EXPECT_DOUBLE_EQ(parseSourceArgument("f.jsonl:2.5").weight, 2.5);
  EXPECT_EQ(parseSourceArgument("f.jsonl:2.5").path, "f.jsonl");
  EXPECT_DOUBLE_EQ(parseSourceArgument("f.jsonl").weight, 1.0);
  EXPECT_EQ(parseSourceArgument("C:/data/f.csv").path, "C:/data/f.csv");  // not a weight
  EXPECT_THROW(parseSourceArgument("f.jsonl:0"), InputError);
  EXPECT_THROW(parseSourceArgument("f.jsonl:-1"), InputError);
  EXPECT_THROW(parseSourceArgument(""), InputError);
  const auto e = parseEvalArgument("target=airline.csv");
  EXPECT_EQ(e.name, "target");
  EXPECT_EQ(e.path, "airline.csv");
  EXPECT_THROW(parseEvalArgument("airline.csv"), InputError);
  EXPECT_THROW(parseEvalArgument("Target=a.csv"), InputError);
}

}  // namespace
}  // namespace tweetlab::sources
