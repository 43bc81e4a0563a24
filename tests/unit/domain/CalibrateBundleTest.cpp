#include <gtest/gtest.h>

#include <functional>

#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/data/SplitExport.h"
#include "core/domain/CalibrateBundle.h"
#include "core/eval/Reliability.h"
#include "tests/unit/domain/DomainFixtures.h"

namespace tweetlab::domain {
namespace {

// The first 300 target tweets calibrate, the other 300 judge.
struct CalibrationData {
  testing::TempDir dir;
  std::filesystem::path labelled = dir / "labelled.csv";
  data::Dataset heldOut = testing::targetRows(300, 600);
  CalibrationData() { data::writeCsv(labelled, testing::targetRows(0, 300)); }
};

CalibrateRequest request(const CalibrationData& d, const std::filesystem::path& out) {
  CalibrateRequest r;
  r.bundle = testing::sourceBundle();
  r.out = out;
  r.method = calibration::Method::Platt;
  sources::EvalSetSpec labelled;
  labelled.name = "labelled";
  labelled.path = d.labelled;
  r.labelled = labelled;
  return r;
}

TEST(CalibrateBundle, WritesAPersistedMonotoneMapThePredictorApplies) {
  CalibrationData d;
  const auto out = d.dir / "calibrated";
  const auto outcome = calibrateBundle(request(d, out));

  const auto source = bundle::Predictor::load(testing::sourceBundle());
  const auto calibrated = bundle::Predictor::load(out);
  ASSERT_TRUE(calibrated->manifest().calibration.has_value());
  EXPECT_EQ(calibrated->manifest().calibration->toJson(), outcome.calibration.toJson());
  EXPECT_EQ(calibrated->threshold(), outcome.calibration.threshold);
  EXPECT_EQ(readJsonFile(out / "manifest.json")["format_version"], 2);
  EXPECT_NE(calibrated->manifest().version, source->manifest().version);
  EXPECT_EQ(calibrated->manifest().calibration->data["labelled"]["rows"], 300);
  // The same model, a different decision: every probability is the map of the raw one.
  const auto texts = d.heldOut.texts();
  const auto raw = source->probabilities(texts);
  const auto mapped = calibrated->probabilities(texts);
  EXPECT_EQ(calibrated->rawProbabilities(texts), raw);
  const auto predictions = calibrated->predict(texts);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_DOUBLE_EQ(mapped[i], outcome.calibration.apply(raw[i]));
    EXPECT_EQ(predictions[i].label, mapped[i] >= calibrated->threshold() ? 1 : 0);
    for (std::size_t k = 0; k < texts.size(); ++k) {
      if (raw[i] < raw[k]) {
        ASSERT_LE(mapped[i], mapped[k]) << "the map must not reorder tweets";
      }
    }
  }
  // The source model is overconfident on the target domain; the map fitted on other target
  // tweets at least halves the expected calibration error on held-out ones.
  const auto labels = d.heldOut.labels();
  const double before = eval::reliability(labels, raw).expectedCalibrationError;
  const double after = eval::reliability(labels, mapped).expectedCalibrationError;
  EXPECT_LT(after, before / 2.0) << "ECE before " << before << ", after " << after;
}

TEST(CalibrateBundle, UnlabelledPoolMovesThePriorTowardsTheTarget) {
  CalibrationData d;
  const auto pool = d.dir.write("pool.txt", [&] {
    std::string text;
    for (const auto& row : d.heldOut.rows) text += row.text + "\n";
    return text;
  }());
  CalibrateRequest r;
  r.bundle = testing::sourceBundle();
  r.out = d.dir / "prior";
  r.method = calibration::Method::None;
  r.unlabelled = pool;
  const auto outcome = calibrateBundle(r);
  ASSERT_TRUE(outcome.calibration.prior.has_value());
  // The target is about 69% positive; the S140 model assumed 50%.
  EXPECT_GT(outcome.calibration.prior->targetPrior, 0.55);
  EXPECT_DOUBLE_EQ(outcome.calibration.prior->sourcePrior, 0.5);
  EXPECT_EQ(outcome.calibration.thresholdRule, "prior");
  EXPECT_TRUE(bundle::Predictor::load(r.out)->manifest().calibration->prior.has_value());
}

TEST(CalibrateBundle, RefusesWithoutDataAndKeepsTheOldBundleOnFailure) {
  CalibrationData d;
  CalibrateRequest r;
  r.bundle = testing::sourceBundle();
  r.out = d.dir / "x";
  EXPECT_THROW(calibrateBundle(r), InputError);
  // One class only: nothing to calibrate against; nothing written.
  data::Dataset positives;
  for (const auto& row : d.heldOut.rows)
    if (row.label == 1) positives.rows.push_back(row);
  data::writeCsv(d.dir / "positives.csv", positives);
  auto one = request(d, d.dir / "y");
  one.labelled->path = d.dir / "positives.csv";
  EXPECT_THROW(calibrateBundle(one), InputError);
  EXPECT_FALSE(std::filesystem::exists(d.dir / "y"));
}

TEST(CalibratedManifest, AThresholdThatDisagreesWithItsCalibrationIsRefused) {
  CalibrationData d;
  const auto out = d.dir / "calibrated";
  calibrateBundle(request(d, out));
  auto manifest = readJsonFile(out / "manifest.json");
  manifest["threshold"] = 0.123;
  writeJsonFile(out / "manifest.json", manifest);
  EXPECT_THROW(bundle::readManifest(out), FormatError);
}

// The calibration fields pass the same strict manifest reader as the rest (issue #15): each
// damaged value is refused at load with one line naming "calibration", never applied.
TEST(CalibratedManifest, DamagedCalibrationFieldsAreRefusedAtLoad) {
  CalibrationData d;
  const auto good = d.dir / "calibrated";
  calibrateBundle(request(d, good));
  const auto original = readJsonFile(good / "manifest.json");
  ASSERT_EQ(original["calibration"]["map"]["method"], "platt");
  const std::vector<std::pair<std::string, std::function<void(nlohmann::json&)>>> damages = {
      {"not an object", [](auto& m) { m["calibration"] = "platt"; }},
      {"older format", [](auto& m) { m["format_version"] = 1; }},
      {"unknown method", [](auto& m) { m["calibration"]["map"]["method"] = "magic"; }},
      {"decreasing Platt", [](auto& m) { m["calibration"]["map"]["a"] = -1.0; }},
      {"Platt slope a string", [](auto& m) { m["calibration"]["map"]["a"] = "1"; }},
      {"no map", [](auto& m) { m["calibration"].erase("map"); }},
      {"control characters",
       [](auto& m) { m["calibration"]["threshold_rule"] = "bal\x1b[2Janced"; }},
      {"prior of 1",
       [](auto& m) {
         m["calibration"]["prior_shift"] = {{"source", 0.5}, {"target", 1.0}};
       }},
      {"isotonic decreasing",
       [](auto& m) {
         m["calibration"]["map"] = {{"method", "isotonic"}, {"x", {0.1, 0.5}}, {"y", {0.9, 0.2}}};
       }},
      {"isotonic sizes differ",
       [](auto& m) {
         m["calibration"]["map"] = {{"method", "isotonic"}, {"x", {0.1, 0.5}}, {"y", {0.2}}};
       }},
      {"threshold out of range", [](auto& m) { m["calibration"]["threshold"] = 1.5; }},
  };
  for (const auto& [what, damage] : damages) {
    auto manifest = original;
    damage(manifest);
    writeJsonFile(good / "manifest.json", manifest);
    try {
      bundle::Predictor::load(good);
      ADD_FAILURE() << what << ": loaded";
    } catch (const FormatError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("calibration"), std::string::npos) << what << ": " << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << what;
    }
  }
  writeJsonFile(good / "manifest.json", original);
  EXPECT_NO_THROW(bundle::Predictor::load(good));
}

}  // namespace
}  // namespace tweetlab::domain
