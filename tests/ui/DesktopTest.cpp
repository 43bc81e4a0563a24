// Desktop manners (issue 19, problems 2, 5, 6, 11, 12): the window fits its screen, a menu bar
// with recent files, Quit and About, dialogs that remember their folder, choices remembered
// across restarts, one API URL, status messages that expire, feedback added to the data.
#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QTimer>

#include "core/data/SplitExport.h"
#include "tests/ui/WorkbenchFixture.h"
#include "ui/workbench/FileDialogs.h"
#include "ui/workbench/SettingsPage.h"
#include "ui/workbench/SourcesPanel.h"
#include "ui/workbench/TryPage.h"
#include "ui/workbench/WindowPlacement.h"

namespace tweetlab::ui {
namespace {

using testing::waitUntil;

class DesktopTest : public WorkbenchFixture {
 protected:
  // A second session: the window closed (saving what it saves on close) and opened again with
  // the same settings.
  void restart() {
    window_->close();
    window_ = std::make_unique<MainWindow>();
    window_->show();
  }
  QAction* menuAction(const QString& menu, const QString& text) {
    for (auto* top : window_->menuBar()->actions()) {
      if (top->text().remove('&') != menu || !top->menu()) continue;
      for (auto* action : top->menu()->actions())
        if (action->text().remove('&').startsWith(text)) return action;
    }
    return nullptr;
  }
};

TEST(WindowPlacementTest, AFirstWindowFitsA1366x768LaptopWithItsTitleBar) {
  const QRect laptop(0, 0, 1366, 768 - 32);  // minus a panel
  const QRect fitted =
      fitOnScreen(QRect({43, 0}, kPreferredWindowSize), kAssumedFrame, laptop, {900, 600});
  EXPECT_TRUE(laptop.contains(fitted.marginsAdded(kAssumedFrame)));
  EXPECT_EQ(fitted.width(), 1280);  // as wide as wanted: there is room
  EXPECT_LT(fitted.height(), 800);
}

TEST(WindowPlacementTest, AWindowSavedOnABiggerScreenMovesAndShrinksOntoASmallerOne) {
  const QRect small(0, 0, 1366, 768);
  const QRect fitted = fitOnScreen({1500, 900, 1900, 1150}, kAssumedFrame, small);
  EXPECT_TRUE(small.contains(fitted.marginsAdded(kAssumedFrame)));
  // A window that already fits stays where it is.
  const QRect fits(100, 100, 800, 500);
  EXPECT_EQ(fitOnScreen(fits, kAssumedFrame, small), fits);
}

TEST_F(DesktopTest, TheFileMenuOpensRecentFilesAndQuits) {
  openWindow(/*recordRuns=*/true);
  ASSERT_NE(menuAction("File", "Open dataset"), nullptr);
  EXPECT_EQ(menuAction("File", "Open dataset")->shortcut(), QKeySequence(QKeySequence::Open));
  ASSERT_NE(menuAction("File", "Quit"), nullptr);
  EXPECT_TRUE(menuAction("File", "Quit")->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Q)));

  loadSample();
  auto* recent = window_->menuBar()->findChild<QMenu*>("recentFiles");
  ASSERT_NE(recent, nullptr);
  emit recent->aboutToShow();
  ASSERT_EQ(recent->actions().size(), 1);
  EXPECT_EQ(recent->actions()[0]->text(), "sentiment140_sample.csv");
  // Remembered for the next session, and opening it from there loads it.
  restart();
  recent = window_->menuBar()->findChild<QMenu*>("recentFiles");
  emit recent->aboutToShow();
  ASSERT_EQ(recent->actions().size(), 1);
  bool ready = false;
  QObject::connect(window_->dataPage(), &DataPage::dataReady, [&ready] { ready = true; });
  recent->actions()[0]->trigger();
  EXPECT_TRUE(waitUntil([&] { return ready; }, 60000));

  menuAction("File", "Quit")->trigger();  // the second session's window
  EXPECT_TRUE(waitUntil([&] { return !window_->isVisible(); }, 5000));
}

TEST_F(DesktopTest, AboutNamesTheVersionsOfTheAppQtAndLibTorch) {
  openWindow(/*recordRuns=*/true);
  QString shown;
  testing::answerNextDialog([&shown](QWidget* dialog) {
    if (auto* box = qobject_cast<QMessageBox*>(dialog)) shown = box->informativeText();
    dialog->close();
  });
  menuAction("Help", "About")->trigger();
  EXPECT_TRUE(shown.contains("TweetLab")) << shown.toStdString();
  EXPECT_TRUE(shown.contains("Qt:")) << shown.toStdString();
  EXPECT_TRUE(shown.contains(QString(qVersion()))) << shown.toStdString();
  EXPECT_TRUE(shown.contains("LibTorch")) << shown.toStdString();
}

TEST_F(DesktopTest, AFileDialogOpensInTheFolderItWasLastUsedIn) {
  openWindow(/*recordRuns=*/true);
  const auto folder = dataDir_.path() / "datasets";
  const auto file = dataDir_.write("datasets/tweets.csv", "text,label\nhi,1\n");
  QString firstStart;
  testing::answerNextDialog([&](QWidget* dialog) {
    auto* files = qobject_cast<QFileDialog*>(dialog);
    ASSERT_NE(files, nullptr);
    firstStart = files->directory().absolutePath();
    // selectFile leaves the file-name field alone while it has the focus, which the dialog may
    // already have given it; accept() then finds no file and keeps the dialog open. Typing the
    // path into that field is what a user does and works either way.
    auto* name = files->findChild<QLineEdit*>("fileNameEdit");
    ASSERT_NE(name, nullptr);
    name->setText(QString::fromStdString(file.string()));
    QMetaObject::invokeMethod(files, "accept", Qt::QueuedConnection);
  });
  EXPECT_EQ(chooseOpenFile(window_.get(), "dataset", "Open"),
            QString::fromStdString(file.string()));
  EXPECT_EQ(firstStart, QDir::homePath());

  restart();  // remembered across sessions
  QString secondStart;
  testing::answerNextDialog([&](QWidget* dialog) {
    secondStart = qobject_cast<QFileDialog*>(dialog)->directory().absolutePath();
    dialog->close();
  });
  window_->dataPage()->chooseFile();
  EXPECT_EQ(secondStart, QDir(QString::fromStdString(folder.string())).absolutePath());
}

TEST_F(DesktopTest, SamplingTrainChoicesAndSplittersSurviveARestart) {
  openWindow(/*recordRuns=*/true);
  window_->dataPage()->findChild<QSpinBox*>("sampleSize")->setValue(3000);
  window_->trainPage()->selectFamily("fasttext");
  window_->trainPage()->findChild<QComboBox*>("morphology")->setCurrentText("stem");
  auto* splitter = window_->dataPage()->findChild<QSplitter*>("dataBody");
  ASSERT_NE(splitter, nullptr);
  splitter->setSizes({300, 700});
  emit splitter->splitterMoved(300, 1);
  const auto sizes = splitter->sizes();

  // Killed rather than closed: what is remembered was saved as it was chosen.
  window_.reset();
  window_ = std::make_unique<MainWindow>();
  window_->show();
  EXPECT_EQ(window_->dataPage()->findChild<QSpinBox*>("sampleSize")->value(), 3000);
  EXPECT_EQ(window_->dataPage()->dataSpec().sample, 3000u);
  EXPECT_EQ(window_->trainPage()->currentSpec().model.family, "fasttext");
  EXPECT_EQ(window_->trainPage()->findChild<QComboBox*>("morphology")->currentText(), "stem");
  EXPECT_EQ(window_->dataPage()->findChild<QSplitter*>("dataBody")->sizes(), sizes);
}

TEST_F(DesktopTest, TheApiUrlChangedOnTheTryPageIsTheOneSettingsShowsAndApplyKeeps) {
  openWindow(/*recordRuns=*/true);
  auto* tryUrl = window_->tryPage()->findChild<QLineEdit*>("apiUrl");
  auto* settingsUrl = window_->settingsPage()->findChild<QLineEdit*>("apiUrl");
  ASSERT_NE(tryUrl, nullptr);
  ASSERT_NE(settingsUrl, nullptr);
  tryUrl->setText("http://10.1.2.3:9090");
  emit tryUrl->editingFinished();
  EXPECT_EQ(settingsUrl->text(), "http://10.1.2.3:9090");
  window_->settingsPage()->apply();  // e.g. to change the thread count
  EXPECT_EQ(AppSettings().apiUrl(), "http://10.1.2.3:9090");
  EXPECT_EQ(tryUrl->text(), "http://10.1.2.3:9090");
  // An edit made on the Settings page is what Apply saves, and the Try page follows.
  settingsUrl->setText("http://10.9.9.9:8080");
  settingsUrl->setModified(true);
  window_->settingsPage()->apply();
  EXPECT_EQ(AppSettings().apiUrl(), "http://10.9.9.9:8080");
  EXPECT_EQ(tryUrl->text(), "http://10.9.9.9:8080");
}

TEST_F(DesktopTest, StatusMessagesExpireAndAnErrorNeverStaysBesideALaterSuccess) {
  openWindow(/*recordRuns=*/true);
  window_->setStatusMessageTimeout(300);
  emit window_->dataPage()->statusMessage("Could not load broken.csv");
  emit window_->trainPage()->statusMessage("Dataset ready: 1400 training tweets");
  EXPECT_EQ(window_->statusBar()->currentMessage(), "Dataset ready: 1400 training tweets");
  EXPECT_TRUE(waitUntil([&] { return window_->statusBar()->currentMessage().isEmpty(); }, 5000));
}

TEST_F(DesktopTest, TrainButtonsStayPutWhateverTheMessagesBesideThemSay) {
  openWindow(/*recordRuns=*/true);
  window_->showPage(window_->trainPage());
  QCoreApplication::processEvents();
  auto* train = window_->trainPage();
  QList<QPushButton*> buttons;
  for (auto* b : train->findChildren<QPushButton*>())
    if (b->isVisible()) buttons << b;
  ASSERT_FALSE(buttons.isEmpty());
  QList<QPoint> before;
  for (auto* b : buttons) before << b->mapTo(window_.get(), QPoint());
  loadSample();  // the composition line fills in
  train->findChild<QLabel*>("trainStatus")
      ->setText(
          "<b>Run failed:</b> a long reason that wraps over more than one line of the "
          "panel because it names a file, a parameter and what to do about both of them");
  QCoreApplication::processEvents();
  for (int i = 0; i < buttons.size(); ++i) {
    EXPECT_EQ(buttons[i]->mapTo(window_.get(), QPoint()), before[i])
        << buttons[i]->text().toStdString() << " moved";
  }
}

TEST_F(DesktopTest, ExportedFeedbackJoinsTheCurrentDataWithoutReplacingItOrItsSampling) {
  openWindow(/*recordRuns=*/true);
  data::Dataset verdicts;
  for (int i = 0; i < 5; ++i)
    verdicts.rows.push_back({"tester verdict number " + std::to_string(i), i % 2});
  const auto csv = dataDir_.path() / "feedback.csv";
  data::writeCsv(csv, verdicts);
  const int sample = window_->dataPage()->findChild<QSpinBox*>("sampleSize")->value();

  // Before any dataset: the feedback waits in the panel, the sampling is untouched, and the
  // dataset the analyst opens next gets it in its training part.
  emit window_->tryPage()->feedbackExported(QString::fromStdString(csv.string()));
  EXPECT_EQ(window_->dataPage()->findChild<QSpinBox*>("sampleSize")->value(), sample);
  EXPECT_TRUE(window_->dataPage()->dataSpec().path.empty());
  EXPECT_EQ(window_->dataPage()->sourcesPanel()->sourcesTable()->rowCount(), 1);
  std::shared_ptr<const experiment::PreparedData> prepared;
  QObject::connect(window_->dataPage(), &DataPage::dataReady,
                   [&prepared](auto data) { prepared = data; });
  window_->dataPage()->openBundledSample();
  ASSERT_TRUE(
      waitUntil([&] { return prepared && prepared->composition.hasAddedSources(); }, 60000));
  EXPECT_EQ(prepared->spec.sample, static_cast<std::size_t>(sample));
  EXPECT_EQ(prepared->spec.path.filename(), "sentiment140_sample.csv");
  ASSERT_EQ(prepared->composition.parts.size(), 2u);
  EXPECT_EQ(prepared->composition.parts[1].rows, 5u);
  EXPECT_GT(prepared->split.val.size(), 0u);
  EXPECT_GT(prepared->split.test.size(), 0u);
}

}  // namespace
}  // namespace tweetlab::ui
