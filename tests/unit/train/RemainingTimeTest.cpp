// The ETA the CLI's progress bar and the Train page both show (train::remainingTime).
#include <gtest/gtest.h>

#include <cmath>

#include "core/train/TrainObserver.h"

namespace tweetlab::train {
namespace {

TEST(RemainingTime, ExtrapolatesTheElapsedTimeOverWhatIsLeft) {
  EXPECT_EQ(remainingTime(0.5, 30.0), "30 s");         // half done in 30 s: 30 s left
  EXPECT_EQ(remainingTime(0.25, 65.0), "3 min 15 s");  // 195 s left
  EXPECT_EQ(remainingTime(0.1, 500.0), "1 h 15 min");  // 4500 s left
  EXPECT_EQ(remainingTime(1.0, 12.0), "0 s");
}

TEST(RemainingTime, SaysNothingBeforeThereIsEnoughToExtrapolate) {
  EXPECT_EQ(remainingTime(0.0, 10.0), "");
  EXPECT_EQ(remainingTime(0.019, 10.0), "");
  EXPECT_EQ(remainingTime(std::nan(""), 10.0), "");
  EXPECT_EQ(remainingTime(0.5, INFINITY), "");
  EXPECT_EQ(remainingTime(0.5, -1.0), "");
}

}  // namespace
}  // namespace tweetlab::train
