#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "core/common/Errors.h"
#include "core/telemetry/FeedbackLog.h"
#include "tests/support/TempDir.h"

namespace tweetlab::telemetry {
namespace {

FeedbackRecord record(int i, bool accepted = false) {
  FeedbackRecord r;
  r.id = "fb-" + std::to_string(i);
  r.receivedAt = "2026-11-25T09:00:00.000Z";
  r.text = "so sad my flight got cancelled again \xF0\x9F\x98\xA2 #" + std::to_string(i);
  r.predicted = "positive";
  r.score = 0.81;
  r.accepted = accepted;
  r.modelName = "tweetlab-logreg";
  r.modelVersion = "3";
  return r;
}

std::string readBytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(FeedbackLogTest, AppendedRecordsReadBackInOrderWithEveryField) {
  testing::TempDir dir;
  const auto file = dir / "feedback/feedback.jsonl";  // directory created on demand
  {
    FeedbackLog log(file);
    log.append(record(1, true));
    log.append(record(2));
  }
  const auto contents = FeedbackLog::readAll(file);
  ASSERT_EQ(contents.records.size(), 2u);
  EXPECT_EQ(contents.skippedLines, 0u);
  const auto& first = contents.records[0];
  EXPECT_EQ(first.id, "fb-1");
  EXPECT_EQ(first.text, record(1).text);  // UTF-8 kept byte for byte
  EXPECT_EQ(first.predicted, "positive");
  EXPECT_DOUBLE_EQ(first.score, 0.81);
  EXPECT_TRUE(first.accepted);
  EXPECT_EQ(first.modelName, "tweetlab-logreg");
  EXPECT_EQ(first.modelVersion, "3");
  EXPECT_FALSE(contents.records[1].accepted);
}

TEST(FeedbackLogTest, ReopeningAppendsInsteadOfTruncating) {
  testing::TempDir dir;
  const auto file = dir / "feedback.jsonl";
  FeedbackLog(file).append(record(1));
  FeedbackLog(file).append(record(2));
  EXPECT_EQ(FeedbackLog::readAll(file).records.size(), 2u);
}

TEST(FeedbackLogTest, TornLastLineIsSkippedAndTheNextAppendStartsOnItsOwnLine) {
  testing::TempDir dir;
  const auto file = dir / "feedback.jsonl";
  FeedbackLog(file).append(record(1));
  // A crash in the middle of a write leaves the start of a line without its newline.
  const auto whole = record(2).toJson().dump();
  std::ofstream(file, std::ios::binary | std::ios::app) << whole.substr(0, whole.size() / 2);

  auto contents = FeedbackLog::readAll(file);
  EXPECT_EQ(contents.records.size(), 1u);
  EXPECT_EQ(contents.skippedLines, 1u);

  FeedbackLog(file).append(record(3));
  contents = FeedbackLog::readAll(file);
  ASSERT_EQ(contents.records.size(), 2u);
  EXPECT_EQ(contents.records[0].id, "fb-1");
  EXPECT_EQ(contents.records[1].id, "fb-3");
  EXPECT_EQ(contents.skippedLines, 1u);
  const auto bytes = readBytes(file);
  EXPECT_EQ(bytes.back(), '\n');
}

TEST(FeedbackLogTest, MissingFileReadsAsEmpty) {
  testing::TempDir dir;
  const auto contents = FeedbackLog::readAll(dir / "none.jsonl");
  EXPECT_TRUE(contents.records.empty());
  EXPECT_EQ(contents.skippedLines, 0u);
}

TEST(FeedbackLogTest, ConcurrentAppendsNeverInterleaveLines) {
  testing::TempDir dir;
  const auto file = dir / "feedback.jsonl";
  FeedbackLog log(file);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&log, t] {
      for (int i = 0; i < 25; ++i) log.append(record(t * 100 + i));
    });
  }
  for (auto& thread : threads) thread.join();
  const auto contents = FeedbackLog::readAll(file);
  EXPECT_EQ(contents.records.size(), 100u);
  EXPECT_EQ(contents.skippedLines, 0u);
}

TEST(FeedbackLogTest, UnwritableLocationIsAnIoErrorNamingTheFile) {
  testing::TempDir dir;
  dir.write("blocker", "a file where a directory should be");
  try {
    FeedbackLog log(dir / "blocker/feedback.jsonl");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("feedback.jsonl"), std::string::npos);
  }
}

TEST(FeedbackLogTest, RecordWithAMissingFieldIsAFormatError) {
  auto j = record(1).toJson();
  j.erase("accepted");
  EXPECT_THROW(FeedbackRecord::fromJson(j), FormatError);
}

}  // namespace
}  // namespace tweetlab::telemetry
