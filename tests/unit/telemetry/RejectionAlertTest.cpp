#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/telemetry/RejectionAlert.h"

namespace tweetlab::telemetry {
namespace {

using namespace std::chrono_literals;
using Clock = RejectionAlert::Clock;

const Clock::time_point t0 = Clock::time_point{} + 1000h;

TEST(RejectionAlert, ThreeWithinFiveMinutesFires) {
  RejectionAlert alert;  // 3 in 5 minutes, the Azure rule's defaults
  EXPECT_FALSE(alert.recordRejection(t0));
  EXPECT_FALSE(alert.recordRejection(t0 + 2min));
  const auto fired = alert.recordRejection(t0 + 4min + 59s);
  ASSERT_TRUE(fired);
  EXPECT_EQ(fired->rejections, 3u);
  EXPECT_EQ(fired->at, t0 + 4min + 59s);
}

TEST(RejectionAlert, ThreeSpreadOverMoreThanTheWindowDoNot) {
  RejectionAlert alert;
  EXPECT_FALSE(alert.recordRejection(t0));
  EXPECT_FALSE(alert.recordRejection(t0 + 3min));
  EXPECT_FALSE(alert.recordRejection(t0 + 5min))
      << "the first is exactly 5 minutes old: out of the window";
  EXPECT_EQ(alert.countInWindow(t0 + 5min), 2u);
  EXPECT_EQ(alert.countInWindow(t0 + 8min), 1u);
  EXPECT_EQ(alert.countInWindow(t0 + 10min), 0u);
}

TEST(RejectionAlert, FiresOncePerEpisodeThenAgainAfterItClears) {
  RejectionAlert alert;
  alert.recordRejection(t0);
  alert.recordRejection(t0 + 10s);
  EXPECT_TRUE(alert.recordRejection(t0 + 20s));
  EXPECT_FALSE(alert.recordRejection(t0 + 30s)) << "still the same episode";
  // Quiet for the window: the episode ends; three new rejections fire again.
  EXPECT_FALSE(alert.recordRejection(t0 + 10min));
  EXPECT_FALSE(alert.recordRejection(t0 + 10min + 1s));
  EXPECT_TRUE(alert.recordRejection(t0 + 10min + 2s));
}

TEST(RejectionAlert, ThresholdAndWindowAreSettings) {
  RejectionAlert alert(2, 60s);
  EXPECT_FALSE(alert.recordRejection(t0));
  EXPECT_FALSE(alert.recordRejection(t0 + 61s));
  EXPECT_TRUE(alert.recordRejection(t0 + 100s));
  EXPECT_THROW(RejectionAlert(0, 60s), InputError);
  EXPECT_THROW(RejectionAlert(3, 0s), InputError);
}

TEST(RejectionAlert, OutOfOrderTimestampsAreCountedInPlace) {
  RejectionAlert alert;
  alert.recordRejection(t0 + 4min);
  alert.recordRejection(t0 + 1min);
  EXPECT_TRUE(alert.recordRejection(t0 + 2min));
}

}  // namespace
}  // namespace tweetlab::telemetry
