#include <gtest/gtest.h>

#include "core/telemetry/FeedbackStats.h"

namespace tweetlab::telemetry {
namespace {

using namespace std::chrono_literals;

FeedbackRecord verdict(const std::string& at, bool accepted) {
  FeedbackRecord r;
  r.receivedAt = at;
  r.text = "t";
  r.predicted = "positive";
  r.score = 0.8;
  r.accepted = accepted;
  return r;
}

TEST(ParseIsoUtc, FormatsTheLogAndQtWrite) {
  const auto a = parseIsoUtc("2026-11-25T10:15:30.123Z");
  ASSERT_TRUE(a);
  EXPECT_EQ(
      std::chrono::duration_cast<std::chrono::milliseconds>(a->time_since_epoch()).count() % 1000,
      123);
  EXPECT_EQ(*parseIsoUtc("2026-11-25T11:15:30.123+01:00"), *a);
  EXPECT_EQ(*parseIsoUtc("2026-11-25T10:15:30Z") + 123ms, *a);
  EXPECT_FALSE(parseIsoUtc("2026-13-25T10:15:30Z"));
  EXPECT_FALSE(parseIsoUtc("2026-02-30T10:15:30Z"));
  EXPECT_FALSE(parseIsoUtc("yesterday"));
  EXPECT_FALSE(parseIsoUtc("2026-11-25T10:15:30"));  // no zone: ambiguous
}

TEST(BucketFeedback, HourlyAccuracyWithGapsFilled) {
  std::size_t unparsed = 0;
  const auto buckets =
      bucketFeedback({verdict("2026-11-25T10:05:00Z", true), verdict("2026-11-25T10:55:00Z", false),
                      verdict("2026-11-25T10:59:59.999Z", true),
                      verdict("2026-11-25T12:00:00Z", false), verdict("garbage", true)},
                     1h, &unparsed);
  ASSERT_EQ(buckets.size(), 3u);
  EXPECT_EQ(buckets[0].total(), 3);
  EXPECT_NEAR(buckets[0].accuracy(), 2.0 / 3, 1e-12);
  EXPECT_EQ(buckets[1].total(), 0) << "the empty hour between is shown, not skipped";
  EXPECT_EQ(buckets[2].rejected, 1);
  EXPECT_DOUBLE_EQ(buckets[2].rejectionRate(), 1.0);
  EXPECT_EQ(buckets[1].start - buckets[0].start, 1h);
  EXPECT_EQ(unparsed, 1u);
}

TEST(ReplayAlerts, TheRuleOverTheLogInTimeOrder) {
  // Written out of order (several clients); 3 rejections within 5 minutes happen once.
  const auto fired =
      replayAlerts({verdict("2026-11-25T10:04:00Z", false), verdict("2026-11-25T10:00:00Z", false),
                    verdict("2026-11-25T10:01:00Z", true), verdict("2026-11-25T10:02:00Z", false),
                    verdict("2026-11-25T11:00:00Z", false)},
                   3, 5min);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].at, *parseIsoUtc("2026-11-25T10:04:00Z"));
  EXPECT_TRUE(replayAlerts({}, 3, 5min).empty());
}

}  // namespace
}  // namespace tweetlab::telemetry
