// Issue 19, data import: binary files refused with what they look like, columns offered from the
// header, label values counted and mapped, and data that cannot give a meaningful result refused
// with the reason (DataChecks).
#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/data/DataChecks.h"
#include "core/data/FileProbe.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"

namespace tweetlab::data {
namespace {

using testing::TempDir;

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(FileProbe, APngIsRefusedAsAnImageNotReadAsAOneColumnCsv) {
  TempDir dir;
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0", 20);
  png += std::string(600, '\0');
  const auto file = dir.write("chart.png", png);
  for (const auto& message :
       {errorOf([&] { probeFile(file); }), errorOf([&] { loadDataset(file); })}) {
    EXPECT_NE(message.find("chart.png is not a tweet dataset"), std::string::npos) << message;
    EXPECT_NE(message.find("PNG image"), std::string::npos) << message;
    EXPECT_EQ(message.find("columns"), std::string::npos) << message;
  }
}

TEST(FileProbe, WorkbooksArchivesAndUnknownBinaryAreRefusedWithWhatTheyLookLike) {
  TempDir dir;
  const auto xlsx = dir.write("tweets.xlsx", std::string("PK\x03\x04", 4) + std::string(900, 'x'));
  EXPECT_NE(errorOf([&] { probeFile(xlsx); }).find("save it as CSV"), std::string::npos);
  std::string blob;
  for (int i = 0; i < 4096; ++i) blob += static_cast<char>((i * 37) % 256);
  const auto bin = dir.write("model.bin", blob);
  EXPECT_NE(errorOf([&] { loadDataset(bin); }).find("binary data"), std::string::npos);
}

TEST(FileProbe, TheHeaderGivesTheColumnsAndTheUsualNamesAreSuggested) {
  TempDir dir;
  const auto file = dir.write("airline.csv", "id,Tweet,airline_sentiment,sentiment\n1,hi,x,1\n");
  const auto probe = probeFile(file);
  EXPECT_EQ(probe.format, Format::Csv);
  EXPECT_EQ(probe.columns,
            (std::vector<std::string>{"id", "Tweet", "airline_sentiment", "sentiment"}));
  EXPECT_EQ(probe.textColumn, "Tweet");
  EXPECT_EQ(probe.labelColumn, "sentiment");
  // The columns asked for win when the header has them.
  ReadOptions asked;
  asked.labelColumn = "airline_sentiment";
  EXPECT_EQ(probeFile(file, asked).labelColumn, "airline_sentiment");
  // No usual name: nothing is guessed.
  EXPECT_EQ(probeFile(dir.write("odd.csv", "a,b\nx,1\n")).textColumn, "");
}

TEST(FileProbe, Sentiment140AndJsonLinesColumns) {
  const auto s140 = probeFile(testing::samplePath());
  EXPECT_EQ(s140.format, Format::Sentiment140);
  EXPECT_FALSE(s140.namedColumns);
  TempDir dir;
  const auto jsonl = probeFile(dir.write("t.jsonl", "{\"body\": \"hi\", \"stars\": 5}\n"));
  EXPECT_EQ(jsonl.columns, (std::vector<std::string>{"body", "stars"}));
  EXPECT_EQ(jsonl.textColumn, "body");
  EXPECT_EQ(jsonl.labelColumn, "");
}

TEST(LabelMap, ValuesAreCountedAndAMappingLoadsAFileLabelledInItsOwnWords) {
  TempDir dir;
  const auto file = dir.write("moods.csv",
                              "text,label\nsunny day,happy\nrain again,sad\n"
                              "meh,whatever\nyay,HAPPY\n");
  const auto plain = loadDataset(file);
  EXPECT_EQ(plain.dataset.size(), 0u);
  EXPECT_EQ(plain.report.labelValues,
            (std::map<std::string, std::size_t>{{"happy", 2}, {"sad", 1}, {"whatever", 1}}));
  const auto refused = errorOf([&] { requireUsableRows(plain); });
  EXPECT_NE(refused.find("no usable rows"), std::string::npos) << refused;
  EXPECT_NE(refused.find("'happy' (2)"), std::string::npos) << refused;
  EXPECT_NE(refused.find("--label-map"), std::string::npos) << refused;

  ReadOptions mapped;
  mapped.labelMap = {{"happy", kPositive}, {"sad", kNegative}, {"whatever", kNeutralLabel}};
  const auto loaded = loadDataset(file, mapped);
  ASSERT_EQ(loaded.dataset.size(), 3u);
  EXPECT_EQ(loaded.dataset.rows[0].label, kPositive);
  EXPECT_EQ(loaded.dataset.rows[1].label, kNegative);
  EXPECT_EQ(loaded.report.neutralDropped, 1u);
  EXPECT_NO_THROW(requireUsableRows(loaded));
  EXPECT_EQ(parseLabelName("skip"), kUnknownLabel);
  EXPECT_THROW(parseLabelName("happy"), InputError);
}

TEST(DataChecks, SplitsWithoutBothClassesAreRefusedAndEmptyPartsAskedForToo) {
  Dataset five;
  for (int i = 0; i < 5; ++i) five.rows.push_back({"t" + std::to_string(i), i % 2});
  const auto tiny = stratifiedSplit(five, {0.7, 0.15, 0.15}, 42);
  const auto message = errorOf([&] { requireUsableSplit(tiny); });
  EXPECT_NE(message.find("part"), std::string::npos) << message;
  EXPECT_NE(message.find("would mean nothing"), std::string::npos) << message;

  Dataset forty;
  for (int i = 0; i < 40; ++i) forty.rows.push_back({"t" + std::to_string(i), i % 2});
  EXPECT_NO_THROW(requireUsableSplit(stratifiedSplit(forty, {0.7, 0.15, 0.15}, 42)));
  // A share of 0 asks for no test part: not refused.
  EXPECT_NO_THROW(requireUsableSplit(stratifiedSplit(forty, {0.8, 0.2, 0.0}, 42)));
}

}  // namespace
}  // namespace tweetlab::data
