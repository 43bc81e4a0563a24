#include <gtest/gtest.h>

#include <set>

#include "core/common/Errors.h"
#include "core/data/DatasetLoader.h"
#include "core/data/Sampling.h"
#include "tests/support/SampleTweets.h"

namespace tweetlab::data {
namespace {

const Dataset& sample() {
  static const auto d = loadDataset(testing::samplePath()).dataset;
  return d;
}

TEST(BalancedSample, HalfOfEachClassDistinctRows) {
  const auto s = balancedSample(sample(), 16000, 42);
  ASSERT_EQ(s.size(), 16000u);
  EXPECT_EQ(s.labelCounts()[0], 8000u);
  EXPECT_EQ(s.labelCounts()[1], 8000u);
  // Distinct source rows: the sample has a few duplicate texts, so compare (text,label) multisets.
  std::multiset<std::pair<std::string, int>> source, picked;
  for (const auto& r : sample().rows) source.insert({r.text, r.label});
  for (const auto& r : s.rows) {
    auto it = source.find({r.text, r.label});
    ASSERT_NE(it, source.end()) << "row not in the source or picked twice: " << r.text;
    source.erase(it);
  }
}

TEST(BalancedSample, SeedDecidesTheRowsAndTheirOrder) {
  const auto a = balancedSample(sample(), 1000, 1);
  const auto b = balancedSample(sample(), 1000, 1);
  const auto c = balancedSample(sample(), 1000, 2);
  EXPECT_EQ(a.texts(), b.texts());
  EXPECT_NE(a.texts(), c.texts());
  // Shuffled, not all negatives then all positives.
  const auto labels = a.labels();
  EXPECT_NE(std::vector<int>(labels.begin(), labels.begin() + 500), std::vector<int>(500, 0));
}

TEST(BalancedSample, OddSizeAndZeroMeansAll) {
  const auto odd = balancedSample(sample(), 11, 3);
  EXPECT_EQ(odd.labelCounts()[0], 5u);
  EXPECT_EQ(odd.labelCounts()[1], 6u);
  EXPECT_EQ(balancedSample(sample(), 0, 3).size(), sample().size());
}

TEST(BalancedSample, TooManyIsAClearError) {
  try {
    balancedSample(sample(), 20000, 1);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("9942 negative"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("at most 19884"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tweetlab::data
