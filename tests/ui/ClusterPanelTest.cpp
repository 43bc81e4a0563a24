// The workbench sends the Train page's queue to the real one-node cluster: the Settings choose
// Slurm and MLflow, "Send to cluster" submits one job array without blocking the GUI thread, the
// panel follows the tasks until all have ended (announcing each), and every run lands in MLflow.
#include <QLabel>
#include <QPushButton>
#include <set>

#include "core/common/Resources.h"
#include "tests/integration/cluster/SlurmClusterFixture.h"
#include "tests/ui/UiTestSupport.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/ClusterPanel.h"
#include "ui/workbench/ParamsForm.h"
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
  std::string job;
  int tasks = 0, allEnded = 0;
  std::vector<std::string> endedStates;
  QObject::connect(panel, &ui::ClusterPanel::submitted, [&](const QString& id, int n) {
    job = id.toStdString();
    tasks = n;
  });
  QObject::connect(panel, &ui::ClusterPanel::taskEnded,
                   [&](const QString&, int, const QString& state) {
                     endedStates.push_back(state.toStdString());
                   });
  QObject::connect(panel, &ui::ClusterPanel::allEnded, [&] { ++allEnded; });

  testing::StallMeter stalls;
  panel->findChild<QPushButton*>("sendToCluster")->click();
  ASSERT_TRUE(testing::waitUntil([&] { return !job.empty(); }, 30'000))
      << panel->findChild<QLabel*>("clusterStatus")->text().toStdString();
  EXPECT_EQ(tasks, 3);
  ASSERT_TRUE(testing::waitUntil([&] { return allEnded == 1; }, 300'000))
      << panel->findChild<QLabel*>("clusterStatus")->text().toStdString();
  EXPECT_LT(stalls.longestGapMs(), 1000);  // sbatch and squeue ran off the GUI thread
  EXPECT_EQ(endedStates, (std::vector<std::string>(3, "COMPLETED")));

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
