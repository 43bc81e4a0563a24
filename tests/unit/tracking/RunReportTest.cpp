// The run report as `tweetlab-cli runs report` and the Runs page write it: one HTML file with the
// metrics, the plots embedded as PNG (drawn offscreen by the workbench's own charts), the
// parameters that differ and why a failed run stopped. Real run store, real renderer.
#include <gtest/gtest.h>

#include <QApplication>
#include <QImage>
#include <fstream>
#include <set>
#include <sstream>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Platform.h"
#include "core/tracking/RunReport.h"
#include "core/tracking/RunStore.h"
#include "tests/support/TempDir.h"
#include "ui/charts/OffscreenPlotRenderer.h"

namespace tweetlab::tracking {
namespace {

RunRecord epochRun(const std::string& name, const std::string& lr, RunStatus status) {
  RunRecord r;
  r.id = newRunId();
  r.runName = name;
  r.status = status;
  r.startTimeMs = nowMs();
  r.params = {{"model.family", "cnn"}, {"model.params.lr", lr}};
  r.tags = {{tag::kModelFamily, "cnn"}, {tag::kDatasetDigest, "digest-" + name}};
  for (int epoch = 1; epoch <= 3; ++epoch) {
    r.history.push_back({"val_accuracy", 0.6 + 0.05 * epoch, epoch, r.startTimeMs});
    r.history.push_back({"val_loss", 0.7 - 0.1 * epoch, epoch, r.startTimeMs});
  }
  if (status == RunStatus::Finished) {
    r.metrics = {{"accuracy", 0.74}, {"roc_auc", 0.81}, {"f1", 0.73}};
  } else {
    r.error = "out of memory at epoch 3";
  }
  r.pid = 1;
  r.host = platform::hostName();
  return r;
}

std::string readText(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class RunReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static QApplication* app = charts::ensureGuiApplication().release();  // for the whole run
    (void)app;
  }
  void SetUp() override {
    const auto finished = epochRun("cnn-fast", "0.01", RunStatus::Finished);
    const auto failed = epochRun("cnn-slow", "0.001", RunStatus::Failed);
    store_.save(finished);
    store_.save(failed);
    writeJsonFile(store_.artifactDir(finished.id) / "roc_curve.json",
                  {{"points", {{0.0, 0.0, 1.0}, {0.2, 0.7, 0.5}, {1.0, 1.0, 0.0}}}});
    ids_ = {finished.id, failed.id};
  }

  testing::TempDir dir_;
  RunStore store_{dir_.path() / "store"};
  std::vector<std::string> ids_;
  charts::OffscreenPlotRenderer renderer_;
};

TEST_F(RunReportTest, EmbedsThePlotsTheDifferingParametersAndTheFailureReason) {
  const auto runs = loadComparedRuns(store_, ids_);
  ASSERT_EQ(runs.size(), 2U);
  EXPECT_EQ(runs[0].roc.size(), 3U);
  EXPECT_TRUE(runs[1].roc.empty()) << "the failed run has no ROC file";

  const auto file = dir_.path() / "report.html";
  writeReport(runs, file, &renderer_);
  const auto html = readText(file);
  // ROC, validation curves, metric bars: each a PNG that decodes and is not a blank page.
  const std::string prefix = "data:image/png;base64,";
  int images = 0;
  for (auto at = html.find(prefix); at != std::string::npos; at = html.find(prefix, at + 1)) {
    const auto begin = at + prefix.size();
    const auto data = html.substr(begin, html.find('"', begin) - begin);
    QImage png;
    ASSERT_TRUE(png.loadFromData(QByteArray::fromBase64(QByteArray::fromStdString(data)), "PNG"))
        << "image " << images;
    std::set<QRgb> colours;
    for (int y = 0; y < png.height(); y += 9)
      for (int x = 0; x < png.width(); x += 9) colours.insert(png.pixel(x, y));
    EXPECT_GT(colours.size(), 10U) << "image " << images;
    ++images;
  }
  EXPECT_EQ(images, 3);
  EXPECT_NE(html.find("Parameters that differ"), std::string::npos);
  EXPECT_NE(html.find("model.params.lr"), std::string::npos);
  EXPECT_EQ(html.find("model.family"), std::string::npos) << "the same in both runs";
  EXPECT_NE(html.find("FAILED: out of memory at epoch 3"), std::string::npos);
  EXPECT_NE(html.find("digest-cnn-fast"), std::string::npos);
  EXPECT_NE(html.find("0.8100"), std::string::npos) << "the finished run's ROC AUC";
}

TEST_F(RunReportTest, AllParametersOnRequestAndNoPlotsWithoutARenderer) {
  ReportOptions options;
  options.onlyDifferences = false;
  const auto html = reportHtml(loadComparedRuns(store_, ids_), nullptr, options);
  EXPECT_NE(html.find("model.family"), std::string::npos);
  EXPECT_EQ(html.find("data:image/png"), std::string::npos);
  EXPECT_NE(html.find("No plots: no plot renderer available"), std::string::npos);
  EXPECT_THROW(writeReport({}, dir_.path() / "empty.html", &renderer_), InputError);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "empty.html"));
}

// A validation score of 15 rows is grey in the metrics table and says why when hovered.
TEST_F(RunReportTest, ScoresOfAPartWithTooFewRowsAreMarked) {
  auto few = epochRun("cnn-tiny", "0.1", RunStatus::Finished);
  few.params["data.val_rows"] = "15";
  store_.save(few);
  const auto html = reportHtml(loadComparedRuns(store_, {ids_[0], few.id}), nullptr);
  EXPECT_NE(html.find("<td class=\"num few\" title=\"validation: only 15 rows: each row moves a "
                      "rate by 7 points, too few to compare models on\">"),
            std::string::npos)
      << html;
  std::size_t marked = 0;
  for (auto at = html.find("num few"); at != std::string::npos; at = html.find("num few", at + 1))
    ++marked;
  EXPECT_EQ(marked, 3U) << "accuracy, ROC AUC and F1 of that run only (it has no other score)";
  const auto bars = metricBars(loadComparedRuns(store_, {ids_[0], few.id}));
  EXPECT_EQ(bars.runs,
            (std::vector<std::string>{"cnn-fast", "cnn-tiny (15 validation rows: too few)"}))
      << "the bar chart's run labels (the Runs page's Metrics tab, the report's PNG)";
}

TEST_F(RunReportTest, UnknownIdsAreSkipped) {
  const auto runs = loadComparedRuns(store_, {newRunId(), ids_[1]});
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].record.runName, "cnn-slow");
}

}  // namespace
}  // namespace tweetlab::tracking
