#include <gtest/gtest.h>

#include <numeric>

#include "core/common/Errors.h"
#include "core/data/DatasetLoader.h"
#include "core/data/Digest.h"
#include "core/data/Sampling.h"
#include "core/data/Splitting.h"
#include "tests/support/SampleTweets.h"

namespace tweetlab::data {
namespace {

Dataset sample16k() {
  static const auto all = loadDataset(testing::samplePath()).dataset;
  return balancedSample(all, 16000, 42);
}

TEST(SplitRatios, ParseFormats) {
  auto r = SplitRatios::parse("0.8,0.1,0.1");
  EXPECT_DOUBLE_EQ(r.train, 0.8);
  r = SplitRatios::parse("70/15/15");
  EXPECT_DOUBLE_EQ(r.val, 0.15);
  r = SplitRatios::parse("0.8:0.2");
  EXPECT_DOUBLE_EQ(r.test, 0.0);
  EXPECT_THROW(SplitRatios::parse("0.5,0.1,0.1"), InputError);
  EXPECT_THROW(SplitRatios::parse("a,b,c"), InputError);
  EXPECT_THROW(SplitRatios::parse("0,0.5,0.5"), InputError);
  EXPECT_THROW(SplitRatios::parse("1,2,3,4"), InputError);
}

TEST(StratifiedSplit, SizesBalanceAndDisjointness) {
  const auto data = sample16k();
  const auto split = stratifiedSplit(data, {0.7, 0.15, 0.15}, 42);
  EXPECT_EQ(split.train.size(), 11200u);
  EXPECT_EQ(split.val.size(), 2400u);
  EXPECT_EQ(split.test.size(), 2400u);
  for (const auto* part : {&split.train, &split.val, &split.test}) {
    EXPECT_EQ(part->labelCounts()[0], part->size() / 2) << "each part keeps the 50/50 balance";
  }
  // Every row lands in exactly one part.
  std::multiset<std::string> all, parts;
  for (const auto& r : data.rows) all.insert(r.text);
  for (const auto* part : {&split.train, &split.val, &split.test}) {
    for (const auto& r : part->rows) parts.insert(r.text);
  }
  EXPECT_EQ(all, parts);
  EXPECT_EQ(split.digest, datasetDigest(data));
  EXPECT_EQ(split.seed, 42u);
}

TEST(StratifiedSplit, RepeatableWithTheSeed) {
  const auto a = stratifiedSplit(sample16k(), {}, 5);
  const auto b = stratifiedSplit(sample16k(), {}, 5);
  const auto c = stratifiedSplit(sample16k(), {}, 6);
  EXPECT_EQ(a.val.texts(), b.val.texts());
  EXPECT_NE(a.val.texts(), c.val.texts());
  EXPECT_EQ(a.digest, c.digest) << "same rows, different split: same dataset digest";
}

TEST(StratifiedSplit, NoTestShareGivesTheRemainderToValidation) {
  Dataset d;
  for (int i = 0; i < 11; ++i) d.rows.push_back({"t" + std::to_string(i), i % 2});
  const auto s = stratifiedSplit(d, {0.8, 0.2, 0.0}, 1);
  EXPECT_EQ(s.train.size() + s.val.size(), 11u);
  EXPECT_TRUE(s.test.empty());
}

TEST(DatasetDigest, ContentAndOrderSensitive) {
  Dataset a{{{"hello", 1}, {"bye", 0}}};
  Dataset b{{{"bye", 0}, {"hello", 1}}};
  Dataset c{{{"hello", 0}, {"bye", 0}}};
  EXPECT_EQ(datasetDigest(a).size(), 64u);
  EXPECT_NE(datasetDigest(a), datasetDigest(b));
  EXPECT_NE(datasetDigest(a), datasetDigest(c));
  EXPECT_EQ(datasetDigest(Dataset{}),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(StratifiedKFold, TestPartsPartitionTheRowsWithBalance) {
  std::vector<int> labels;
  for (int i = 0; i < 103; ++i) labels.push_back(i % 3 == 0 ? 1 : 0);  // 35 pos / 68 neg
  const auto folds = stratifiedKFold(labels, 5, 9);
  ASSERT_EQ(folds.size(), 5u);
  std::vector<int> seen(labels.size(), 0);
  for (const auto& f : folds) {
    EXPECT_EQ(f.train.size() + f.test.size(), labels.size());
    EXPECT_TRUE(std::is_sorted(f.test.begin(), f.test.end()));
    EXPECT_GE(f.test.size(), 20u);
    EXPECT_LE(f.test.size(), 21u);
    int pos = 0;
    for (auto i : f.test) {
      ++seen[i];
      pos += labels[i];
    }
    EXPECT_GE(pos, 7);
    EXPECT_LE(pos, 8);
  }
  EXPECT_EQ(std::accumulate(seen.begin(), seen.end(), 0), 103);
  EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
}

TEST(StratifiedKFold, RejectsTooFewRows) {
  std::vector<int> labels{0, 0, 0, 1, 1};
  EXPECT_THROW(stratifiedKFold(labels, 3, 1), InputError);
  EXPECT_THROW(stratifiedKFold(labels, 1, 1), InputError);
  EXPECT_NO_THROW(stratifiedKFold(labels, 2, 1));
}

}  // namespace
}  // namespace tweetlab::data
