#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/common/Errors.h"
#include "core/domain/LearningCurve.h"
#include "tests/unit/domain/DomainFixtures.h"

namespace tweetlab::domain {
namespace {

CurveSpec smallCurve() {
  CurveSpec spec;
  spec.base.data.path = testing::samplePath();
  spec.base.data.sample = 800;
  spec.base.model.family = "logreg";
  spec.base.model.params = {{"cv", 0}};
  spec.base.threads = 1;
  spec.target.name = "target";
  spec.target.path = testing::targetFixture();
  spec.budgets = {0, 20, 60};
  spec.strategies = {Strategy::Random, Strategy::Uncertainty};
  spec.repeats = 2;
  spec.testRows = 200;
  spec.targetWeight = 2.0;
  return spec;
}

TEST(LearningCurve, EveryBudgetStrategyAndRepeatIsAPointWithThatManyLabels) {
  auto spec = smallCurve();
  spec.calibrationLabels = 40;
  std::vector<std::tuple<std::string, std::size_t, int, std::size_t, double>> seen;
  const auto result = runLearningCurve(
      spec, train::silentObserver(), [&](experiment::ExperimentResult& r, CurvePoint& p) {
        const auto& parts = r.composition.parts;
        const std::size_t targetRows = p.strategy == "target only" ? parts[0].rows
                                       : parts.size() > 1          ? parts[1].rows
                                                                   : 0;
        const double weight = parts.size() > 1 ? parts[1].weight : 1.0;
        seen.emplace_back(p.strategy, p.budget, p.repeat, targetRows, weight);
        EXPECT_EQ(r.evaluations.at(0).metrics.count, 200u);  // the held-out target tweets
        EXPECT_EQ(r.extraParams.at("curve.budget"), std::to_string(p.budget));
        p.runId = "run-" + std::to_string(seen.size());
      });
  // Per repeat: one base-only model (budget 0, shared by both strategies), 2 strategies x 2
  // budgets, and the target-only model at 20 and 60 labels.
  EXPECT_EQ(seen.size(), 2u * (1 + 4 + 2));
  for (const auto& [strategy, budget, repeat, rows, weight] : seen) {
    (void)repeat;
    EXPECT_EQ(rows, budget) << strategy << " " << budget;
    if (budget > 0 && strategy != "target only") {
      EXPECT_DOUBLE_EQ(weight, 2.0);
    }
  }
  // Points: budget 0 is listed under each strategy, so 2 x (2 x 3 + 2).
  EXPECT_EQ(result.points.size(), 2u * (2 * 3 + 2));
  const auto summary = result.summary();
  std::map<std::pair<std::string, std::size_t>, int> runs;
  for (const auto& row : summary) runs[{row.strategy, row.budget}] = row.runs;
  EXPECT_EQ(runs.at({"random", 0}), 2);
  EXPECT_EQ(runs.at({"uncertainty", 60}), 2);
  EXPECT_EQ(runs.at({"target only", 20}), 2);
  EXPECT_EQ(runs.count({"target only", 0}), 0u);
  // Calibration on the 40 extra labels was measured for every point.
  for (const auto& p : result.points) EXPECT_TRUE(p.calibrated.has_value()) << p.strategy;
  const auto series = result.series("balanced_accuracy");
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].points.size(), 3u);
  EXPECT_EQ(series[0].points[2].x, 60.0);
  EXPECT_LE(series[0].points[0].low, series[0].points[0].mean);
  const auto json = result.toJson();
  EXPECT_EQ(json["points"].size(), result.points.size());
}

TEST(LearningCurve, RefusesBudgetsLargerThanThePool) {
  auto spec = smallCurve();
  spec.budgets = {0, 500};  // 600 tweets - 200 held out leave 400
  spec.repeats = 1;
  EXPECT_THROW(runLearningCurve(spec, train::silentObserver()), InputError);
  EXPECT_EQ(parseBudgets("0,50,100,50"), (std::vector<std::size_t>{0, 50, 100}));
  EXPECT_THROW(parseBudgets("0,fifty"), InputError);
  EXPECT_THROW(parseBudgets("-5"), InputError);
}

}  // namespace
}  // namespace tweetlab::domain
