#include <gtest/gtest.h>

#include "core/train/LearningRate.h"

namespace tweetlab::train {
namespace {

TrainerOptions at(double rate, LrSchedule schedule, double warmupRatio = 0.0) {
  TrainerOptions o;
  o.learningRate = rate;
  o.schedule = schedule;
  o.warmupRatio = warmupRatio;
  o.stepEpochs = 2;
  o.lrFactor = 0.5;
  return o;
}

TEST(LearningRate, ConstantStaysWhateverHappens) {
  LearningRate rate(at(0.01, LrSchedule::Constant), 100);
  EXPECT_EQ(rate.warmupSteps(), 0u);
  for (std::size_t step : {0u, 50u, 99u}) EXPECT_DOUBLE_EQ(rate.at(step), 0.01);
  rate.epochEnded(1, false, true);
  rate.epochEnded(2, false, true);
  EXPECT_DOUBLE_EQ(rate.at(99), 0.01);
}

TEST(LearningRate, WarmsUpLinearlyThenDecaysLinearlyToZero) {
  // BERT's recipe: 100 steps, the first 10 warming up.
  const LearningRate rate(at(1.0, LrSchedule::Linear, 0.1), 100);
  EXPECT_EQ(rate.warmupSteps(), 10u);
  EXPECT_DOUBLE_EQ(rate.at(0), 1.0 / 11);
  EXPECT_DOUBLE_EQ(rate.at(9), 10.0 / 11);
  EXPECT_DOUBLE_EQ(rate.at(10), 1.0);
  EXPECT_DOUBLE_EQ(rate.at(55), 0.5);
  EXPECT_DOUBLE_EQ(rate.at(99), 1.0 / 90);
  for (std::size_t s = 11; s < 100; ++s) EXPECT_LT(rate.at(s), rate.at(s - 1)) << s;
  // A warm-up also leads into the constant schedule.
  const LearningRate constant(at(1.0, LrSchedule::Constant, 0.1), 100);
  EXPECT_DOUBLE_EQ(constant.at(4), 5.0 / 11);
  EXPECT_DOUBLE_EQ(constant.at(60), 1.0);
}

TEST(LearningRate, StepDecaysEveryStepEpochsPlateauOnlyWithoutImprovement) {
  LearningRate step(at(0.1, LrSchedule::Step), 40);
  step.epochEnded(1, false, true);
  EXPECT_DOUBLE_EQ(step.at(10), 0.1);
  step.epochEnded(2, true, true);
  EXPECT_DOUBLE_EQ(step.at(20), 0.05);
  step.epochEnded(3, false, true);
  step.epochEnded(4, true, true);
  EXPECT_DOUBLE_EQ(step.at(39), 0.025);

  LearningRate plateau(at(0.1, LrSchedule::Plateau), 40);
  plateau.epochEnded(1, true, true);
  EXPECT_DOUBLE_EQ(plateau.at(10), 0.1);
  plateau.epochEnded(2, false, true);
  EXPECT_DOUBLE_EQ(plateau.at(20), 0.05);
  plateau.epochEnded(3, false, false);  // no validation set: nothing to wait for
  EXPECT_DOUBLE_EQ(plateau.at(30), 0.05);
}

}  // namespace
}  // namespace tweetlab::train
