// Issue 19 problem 1, on a 1366×768 laptop screen: the Runs page is table first (most of the
// height for the runs, compact rows, the charts in a lower pane), and a splitter the user dragged
// is where they left it after a restart.
#include <gtest/gtest.h>

#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <memory>

#include "tests/support/TempDir.h"
#include "tests/ui/SampleRuns.h"
#include "tests/ui/UiTestSupport.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/MainWindow.h"
#include "ui/workbench/RunsPage.h"

namespace tweetlab::ui {
namespace {

using testing::waitUntil;

class RunsLayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    QSettings().clear();
    AppSettings().setDataDirectory(QString::fromStdString(dataDir_.path().string()));
    testing::writeSampleRuns(dataDir_.path(), 12);
  }
  void TearDown() override {
    window_.reset();
    QSettings().clear();
  }

  // A new main window (as at a restart) showing the Runs page once its runs are listed.
  RunsPage* openRunsPage() {
    window_ = std::make_unique<MainWindow>();
    window_->show();
    auto* runs = window_->runsPage();
    window_->showPage(runs);
    EXPECT_TRUE(waitUntil([&] { return runs->runCount() == 12; }, 20000)) << runs->runCount();
    QCoreApplication::processEvents();
    return runs;
  }

  testing::TempDir dataDir_;
  std::unique_ptr<MainWindow> window_;
};

// Rows shown whole in the table's viewport.
int fullyVisibleRows(QTableView* table) {
  int visible = 0;
  for (int row = 0; row < table->model()->rowCount(); ++row) {
    if (table->viewport()->rect().contains(table->visualRect(table->model()->index(row, 0))))
      ++visible;
  }
  return visible;
}

TEST_F(RunsLayoutTest, TheTableShowsAtLeastNineRunsAndTheChartsStayBelow) {
  auto* runs = openRunsPage();
  auto* table = runs->findChild<QTableView*>("runsTable");
  ASSERT_NE(table, nullptr);
  EXPECT_GE(fullyVisibleRows(table), 9) << "the table is " << table->height() << " px high";
  auto* splitter = runs->findChild<QSplitter*>("runsBody");
  ASSERT_NE(splitter, nullptr);
  const auto sizes = splitter->sizes();
  EXPECT_GE(sizes.at(0), 0.6 * (sizes.at(0) + sizes.at(1)))
      << "the runs pane " << sizes.at(0) << " px, the charts " << sizes.at(1) << " px";
  // One line per run, not a padded or wrapped row.
  EXPECT_LE(table->rowHeight(0), table->fontMetrics().height() + 8);
  auto* charts = runs->findChild<QTabWidget*>("comparisonTabs");
  ASSERT_NE(charts, nullptr);
  EXPECT_TRUE(charts->isVisible());
  EXPECT_GE(charts->height(), 120) << "the charts pane is still there to open further";
  EXPECT_GT(charts->mapTo(runs, QPoint(0, 0)).y(), table->mapTo(runs, QPoint(0, 0)).y());
}

TEST_F(RunsLayoutTest, ADraggedSplitterIsWhereTheUserLeftItAfterARestart) {
  auto* splitter = openRunsPage()->findChild<QSplitter*>("runsBody");
  ASSERT_NE(splitter, nullptr);
  const int total = splitter->sizes().at(0) + splitter->sizes().at(1);
  splitter->setSizes({total / 2, total - total / 2});  // the user opens the charts wider
  emit splitter->splitterMoved(total / 2, 1);
  const auto dragged = splitter->sizes();

  window_.reset();  // killed, not closed: the split was saved as it was dragged
  splitter = openRunsPage()->findChild<QSplitter*>("runsBody");
  ASSERT_NE(splitter, nullptr);
  EXPECT_EQ(splitter->sizes(), dragged);
}

}  // namespace
}  // namespace tweetlab::ui
