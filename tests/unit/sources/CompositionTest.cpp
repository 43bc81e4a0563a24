#include <gtest/gtest.h>

#include <set>

#include "core/data/Digest.h"
#include "core/data/Splitting.h"
#include "core/sources/Composition.h"

namespace tweetlab::sources {
namespace {

data::Dataset tweets(const std::string& prefix, std::size_t n) {
  data::Dataset d;
  for (std::size_t i = 0; i < n; ++i)
    d.rows.push_back({prefix + " tweet " + std::to_string(i), static_cast<int>(i % 2)});
  return d;
}

LoadedSource source(const std::string& name, data::Dataset rows, double weight) {
  LoadedSource s;
  s.spec.path = name;
  s.spec.weight = weight;
  s.kind = "feedback";
  s.dataset = std::move(rows);
  s.digest = data::datasetDigest(s.dataset);
  return s;
}

TEST(Composition, AddedRowsReachTheTrainingPartOnly) {
  auto split = data::stratifiedSplit(tweets("base", 200), {0.7, 0.15, 0.15}, 42);
  const auto valDigest = data::datasetDigest(split.val);
  const auto testDigest = data::datasetDigest(split.test);
  const auto baseTrain = split.train.size();

  // Feedback with 30 new tweets, plus two that are already in validation and one in test: those
  // would leak the answer and are left out.
  auto feedback = tweets("feedback", 30);
  feedback.rows.push_back(split.val.rows[0]);
  feedback.rows.push_back(split.val.rows[1]);
  feedback.rows.push_back(split.test.rows[0]);
  const auto c = composeTraining(split, {source("feedback.jsonl", feedback, 3.0),
                                         source("target.csv", tweets("target", 10), 0.5)});

  EXPECT_EQ(data::datasetDigest(split.val), valDigest);
  EXPECT_EQ(data::datasetDigest(split.test), testDigest);
  EXPECT_EQ(split.train.size(), baseTrain + 30 + 10);
  std::set<std::string> heldOut;
  for (const auto* part : {&split.val, &split.test})
    for (const auto& row : part->rows) heldOut.insert(row.text);
  for (const auto& row : split.train.rows) EXPECT_EQ(heldOut.count(row.text), 0u) << row.text;

  ASSERT_EQ(c.parts.size(), 3u);
  EXPECT_EQ(c.parts[0].kind, "base");
  EXPECT_EQ(c.parts[0].rows, baseTrain);
  EXPECT_EQ(c.parts[1].rows, 30u);
  EXPECT_EQ(c.parts[1].leftOutOverlap, 3u);
  EXPECT_EQ(c.parts[1].digest, data::datasetDigest(tweets("feedback", 30)));
  EXPECT_NE(c.parts[1].digest, data::datasetDigest(feedback));  // the digest of what was used
  EXPECT_EQ(c.parts[2].weight, 0.5);
  ASSERT_EQ(c.weights.size(), split.train.size());
  EXPECT_EQ(c.weights.front(), 1.0);
  EXPECT_EQ(c.weights[baseTrain], 3.0);
  EXPECT_EQ(c.weights.back(), 0.5);
  EXPECT_DOUBLE_EQ(c.effectiveRows(), static_cast<double>(baseTrain) + 90.0 + 5.0);
  EXPECT_EQ(c.params().at("sources.1.weight"), "3");
  EXPECT_EQ(c.params().at("sources.2.digest"), c.parts[2].digest);
  EXPECT_EQ(c.describe(), "base " + std::to_string(baseTrain) +
                              " rows + feedback.jsonl 30 rows x3 + target.csv 10 rows x0.5");
}

TEST(Composition, NoSourcesNoWeights) {
  auto split = data::stratifiedSplit(tweets("base", 40), {0.5, 0.25, 0.25}, 1);
  const auto c = composeTraining(split, {});
  EXPECT_FALSE(c.hasAddedSources());
  EXPECT_TRUE(c.weights.empty());
  EXPECT_EQ(c.parts[0].digest, data::datasetDigest(split.train));
  // Weight 1 everywhere needs no weights either.
  const auto ones = composeTraining(split, {source("more.csv", tweets("more", 4), 1.0)});
  EXPECT_TRUE(ones.weights.empty());
  EXPECT_TRUE(ones.hasAddedSources());
}

}  // namespace
}  // namespace tweetlab::sources
