// Editing a run's name and notes in the Runs table: what the user types survives listings that
// land meanwhile, and the edit reaches MLflow when the run is there too.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QTableView>
#include <algorithm>

#include "core/tracking/MlflowPush.h"
#include "core/tracking/RunStore.h"
#include "tests/support/MlflowTestServer.h"
#include "tests/ui/RunsTableInput.h"
#include "tests/ui/SampleRuns.h"
#include "tests/ui/WorkbenchFixture.h"
#include "ui/workbench/RunsPage.h"
#include "ui/workbench/RunsTableModel.h"

namespace tweetlab::ui {
namespace {

using testing::rowNamed;
using testing::waitUntil;

class RunEditsTest : public WorkbenchFixture {
 protected:
  void SetUp() override {
    openWindow(/*recordRuns=*/false);
    runs_ = window_->runsPage();
    table_ = runs_->findChild<QTableView*>("runsTable");
    QObject::connect(runs_, &RunsPage::statusMessage, [this](const QString& m) { messages_ << m; });
    QObject::connect(runs_, &RunsPage::refreshed, [this] { ++listings_; });
  }

  void showRuns(int expected) {
    window_->showPage(runs_);
    runs_->refresh();
    ASSERT_TRUE(waitUntil([&] { return runs_->runCount() == expected; }, 20000))
        << runs_->runCount();
  }
  QModelIndex cellOf(const QString& run, int column) const {
    return table_->model()->index(rowNamed(table_, run), column);
  }
  QString runId(const QString& run) const {
    return cellOf(run, RunsTableModel::Id).data().toString();
  }
  // F2 on the run's name cell, then the new name and Return, as typed.
  void rename(const QString& run, const QString& name) {
    table_->setCurrentIndex(cellOf(run, RunsTableModel::Name));
    QKeyEvent f2(QEvent::KeyPress, Qt::Key_F2, Qt::NoModifier);
    QApplication::sendEvent(table_, &f2);
    ASSERT_TRUE(testing::typeIntoEditor(table_, name)) << "no name editor opened";
  }
  void writeNotes(const QString& run, const QString& notes) {
    testing::doubleClick(table_, cellOf(run, RunsTableModel::Notes));
    ASSERT_TRUE(testing::typeIntoEditor(table_, notes)) << "no notes editor opened";
  }
  void waitFor(const QString& message) {
    ASSERT_TRUE(waitUntil([&] { return said(message); }, 20000))
        << messages_.join(" | ").toStdString();
  }
  bool said(const QString& text) const {
    return std::any_of(messages_.begin(), messages_.end(),
                       [&](const QString& m) { return m.contains(text); });
  }

  RunsPage* runs_ = nullptr;
  QTableView* table_ = nullptr;
  QStringList messages_;
  int listings_ = 0;
};

// Issue 19: a listing that lands while the user types a run's notes (a run finishing, the save of
// another edit, a refresh) used to reset the table and close the editor: the typed text was lost.
TEST_F(RunEditsTest, AListingLandingWhileNotesAreTypedKeepsTheEditorAndShowsTheNewRunAfter) {
  testing::writeSampleRuns(dataDir_.path(), 2);
  showRuns(2);
  const auto id = runId("run-1").toStdString();

  testing::doubleClick(table_, cellOf("run-1", RunsTableModel::Notes));
  auto* editor = testing::cellEditor(table_);
  ASSERT_NE(editor, nullptr) << "no notes editor opened";
  editor->setText("labels were noisy");

  {  // another run ends meanwhile, and a listing of the store lands
    tracking::RunStore store(dataDir_.path());
    tracking::RunRecord run;
    run.runName = "new-run";
    run.params["model.family"] = "logreg";
    store.beginRun(run);
    run.status = tracking::RunStatus::Finished;
    run.endTimeMs = run.startTimeMs + 1;
    store.save(run);
  }
  const int before = listings_;
  runs_->refresh();
  ASSERT_TRUE(waitUntil([&] { return listings_ > before; }, 20000));

  ASSERT_EQ(testing::cellEditor(table_), editor) << "the listing closed the editor";
  EXPECT_EQ(editor->text(), "labels were noisy");

  testing::pressReturn(editor);
  ASSERT_TRUE(waitUntil([&] { return said("Notes saved"); }, 10000))
      << messages_.join(" | ").toStdString();
  EXPECT_EQ(tracking::RunStore(dataDir_.path()).get(id)->notes, "labels were noisy");
  ASSERT_TRUE(waitUntil([&] { return rowNamed(table_, "new-run") >= 0; }, 20000))
      << "the listing held during the edit is shown after it";
  EXPECT_EQ(runs_->runCount(), 3);
  EXPECT_EQ(cellOf("run-1", RunsTableModel::Notes).data().toString(), "labels were noisy");
}

// The MLflow run of a local run, made as the push makes it (ids remembered in the store).
std::string pushToMlflow(const std::filesystem::path& store,
                         const testing::MlflowTestServer& server, const std::string& runId) {
  tracking::RunStore local(store);
  tracking::MlflowClient client(tracking::MlflowConfig::fromEnvironment(server.uri()));
  return tracking::ensureMlflowRun(local, client, *local.get(runId)).runId;
}

testing::MlflowTestServer::Run serverRun(const testing::MlflowTestServer& server,
                                         const std::string& id) {
  for (const auto& run : server.runs()) {
    if (run.id == id) return run;
  }
  return {};
}

// Issue 19: a pushed run renamed or annotated in the table is renamed and annotated in MLflow too
// (run name, tag mlflow.runName, and tag mlflow.note.content: the MLflow UI's description).
TEST_F(RunEditsTest, ARenamedAndAnnotatedRunIsSoInMlflowToo) {
  testing::MlflowTestServer mlflow;
  AppSettings().setTrackingUri(QString::fromStdString(mlflow.uri()));
  testing::writeSampleRuns(dataDir_.path(), 2);
  showRuns(2);
  const auto remoteId = pushToMlflow(dataDir_.path(), mlflow, runId("run-1").toStdString());

  rename("run-1", "baseline");
  waitFor("Run renamed, in MLflow too");
  writeNotes("baseline", "labels were noisy");
  waitFor("Notes saved, in MLflow too");

  const auto remote = serverRun(mlflow, remoteId);
  EXPECT_EQ(remote.runName, "baseline");
  EXPECT_EQ(remote.tags.at("mlflow.runName"), "baseline");
  EXPECT_EQ(remote.tags.at("mlflow.note.content"), "labels were noisy");
  EXPECT_EQ(mlflow.count("POST", "runs/update"), 1);
  EXPECT_EQ(mlflow.runs().size(), 1U) << "the pushed run renamed, no other made";
}

// A push MLflow refuses (here: the server no longer has the run) keeps the edit in the store and
// says so in the status bar.
TEST_F(RunEditsTest, AnEditMlflowRefusesIsKeptLocallyAndTheUserIsTold) {
  testing::MlflowTestServer mlflow;
  AppSettings().setTrackingUri(QString::fromStdString(mlflow.uri()));
  testing::writeSampleRuns(dataDir_.path(), 1);
  showRuns(1);
  const auto id = runId("run-0").toStdString();
  tracking::RunStore(dataDir_.path()).setMlflowIds(id, std::string(32, 'f'), "1");

  rename("run-0", "baseline");
  waitFor("MLflow was not updated");
  EXPECT_TRUE(said("RESOURCE_DOES_NOT_EXIST")) << messages_.join(" | ").toStdString();
  EXPECT_EQ(tracking::RunStore(dataDir_.path()).get(id)->runName, "baseline");
  ASSERT_TRUE(waitUntil([&] { return rowNamed(table_, "baseline") >= 0; }, 20000))
      << "the table keeps the new name";
}

// A run listed from MLflow alone (trained elsewhere) is renamed and annotated in MLflow only.
TEST_F(RunEditsTest, AnMlflowOnlyRunIsEditedInMlflow) {
  testing::MlflowTestServer mlflow;
  AppSettings().setTrackingUri(QString::fromStdString(mlflow.uri()));
  tracking::MlflowClient client(tracking::MlflowConfig::fromEnvironment(mlflow.uri()));
  const auto experiment =
      client.getOrCreateExperiment(AppSettings().experimentName().toStdString());
  const auto remoteId = client.createRun(experiment, "elsewhere", 1, "someone", {}).runId;
  client.updateRun(remoteId, tracking::RunStatus::Finished, 2);

  window_->showPage(runs_);
  runs_->findChild<QComboBox*>("runsSource")->setCurrentIndex(1);  // MLflow server
  ASSERT_TRUE(waitUntil([&] { return rowNamed(table_, "elsewhere") >= 0; }, 20000));

  rename("elsewhere", "their baseline");
  waitFor("Run renamed in MLflow");
  writeNotes("their baseline", "trained on the old crawl");
  waitFor("Notes saved in MLflow");
  const auto remote = serverRun(mlflow, remoteId);
  EXPECT_EQ(remote.runName, "their baseline");
  EXPECT_EQ(remote.tags.at("mlflow.note.content"), "trained on the old crawl");
  EXPECT_TRUE(tracking::RunStore(dataDir_.path()).list().empty()) << "nothing stored locally";
  ASSERT_TRUE(waitUntil(
      [&] {
        return cellOf("their baseline", RunsTableModel::Notes).data() == "trained on the old crawl";
      },
      20000))
      << "the listing from MLflow shows the notes";
}

}  // namespace
}  // namespace tweetlab::ui
