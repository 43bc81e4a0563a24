// Scores of a split part with too few rows are flagged in the comparison in the words the Train
// page and `train` use.
#include <gtest/gtest.h>

#include "core/eval/SetEvaluation.h"
#include "core/tracking/SplitScores.h"

namespace tweetlab::tracking {
namespace {

TEST(SplitScores, AScoreOfAPartWithTooFewRowsSaysWhyInTheTrainingWords) {
  RunSummary run;
  run.validationRows = 15;
  run.testRows = 300;
  eval::BinaryMetrics fifteen;
  fifteen.count = 15;
  EXPECT_EQ(fewRowsWarning(run, "accuracy"), eval::fewRowsWarning(fifteen));
  EXPECT_EQ(fewRowsWarning(run, "roc_auc"),
            "only 15 rows: each row moves a rate by 7 points, too few to compare models on");
  EXPECT_EQ(fewRowsWarning(run, "test_accuracy"), "") << "300 test rows are enough";
  EXPECT_EQ(fewRowsWarning(run, "fit_time_s"), "") << "not a score of a split part";
  EXPECT_EQ(fewRowsWarning(run, "target_accuracy"), "") << "evaluation sets flag their own";
  EXPECT_EQ(splitPartOf("test_log_loss"), "test");
  EXPECT_EQ(splitPartOf("f1"), "validation");

  run.validationRows = -1;  // not recorded (a run that failed before the split)
  EXPECT_EQ(fewRowsWarning(run, "accuracy"), "");
  run.validationRows = 0;  // an empty part has no score to flag (it shows none)
  EXPECT_EQ(fewRowsWarning(run, "accuracy"), "");
  run.validationRows = 30;
  EXPECT_EQ(fewRowsWarning(run, "accuracy"), "");
}

}  // namespace
}  // namespace tweetlab::tracking
