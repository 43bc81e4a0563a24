// The workbench sends the Train page's queue to the real one-node cluster: the Settings choose
// Slurm and MLflow, "Send to cluster" submits one job array without blocking the GUI thread, the
// panel follows the tasks until all have ended (announcing each), and every run lands in MLflow.
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <set>

#include "core/common/Resources.h"
#include "tests/integration/cluster/SlurmClusterFixture.h"
#include "tests/ui/UiTestSupport.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/ClusterPanel.h"
#include "ui/workbench/TrainPage.h"

namespace tweetlab {
namespace {

TEST_F(SlurmCluster, TheTrainPagesQueueGoesToTheClusterAsOneArray) {
  ::setenv("TWEETLAB_CLI", TWEETLAB_CLI, 1);  // the test program is not installed beside it
  ui::AppSettings settings;
  settings.setExecutor("slurm");
  settings.setTrackingUri(QString::fromStdString(mlflow_->uri()));
  settings.setExperimentName("workbench");
  settings.setSlurmCpusPerTask(1);
  settings.setSlurmTasks(1);
  settings.setGridDirectory(QString::fromStdString((dir_->path() / "gui-grids").string()));

  ui::TrainPage page;
  experiment::DataSpec data;
  data.path = bundledSamplePath();
  data.sample = 1000;
  page.setData(std::make_shared<const experiment::PreparedData>(
      experiment::prepareData(data, train::silentObserver())));
  page.selectFamily("logreg");
  ASSERT_TRUE(page.paramsForm()->setValue("cv", 0));
  page.addPreprocessingGrid();  // none, stem, lemma: three experiments
  auto* panel = page.clusterPanel();
  panel->reloadSettings();
  ASSERT_FALSE(panel->isHidden());
  panel->setPollInterval(500);
  QSignalSpy submitted(panel, &ui::ClusterPanel::submitted);
  QSignalSpy ended(panel, &ui::ClusterPanel::taskEnded);
  QSignalSpy allEnded(panel, &ui::ClusterPanel::allEnded);

  testing::StallMeter stalls;
  panel->findChild<QPushButton*>("sendToCluster")->click();
  ASSERT_TRUE(testing::waitUntil([&] { return submitted.count() == 1; }, 30'000))
      << panel->findChild<QLabel*>("clusterStatus")->text().toStdString();
  EXPECT_EQ(submitted.at(0).at(1).toInt(), 3);
  const auto job = submitted.at(0).at(0).toString().toStdString();
  ASSERT_TRUE(testing::waitUntil([&] { return allEnded.count() == 1; }, 300'000))
      << panel->findChild<QLabel*>("clusterStatus")->text().toStdString();
  EXPECT_LT(stalls.longestGapMs(), 1000);  // sbatch and squeue ran off the GUI thread
  EXPECT_EQ(ended.count(), 3);
  for (const auto& signal : ended) EXPECT_EQ(signal.at(2).toString(), "COMPLETED");

  std::set<std::string> morphologies;
  for (const auto& run : mlflow_->runs()) {
    if (run.tags.count("tweetlab.slurm_job_id") && run.tags.at("tweetlab.slurm_job_id") == job) {
      EXPECT_EQ(run.status, "FINISHED");
      morphologies.insert(run.tags.at("tweetlab.preprocessing"));
    }
  }
  EXPECT_EQ(morphologies, (std::set<std::string>{"none", "stem", "lemma"}));
  settings.setExecutor("local");
}

}  // namespace
}  // namespace tweetlab
