#include "ui/workbench/MainWindow.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>

#include "ui/workbench/AppSettings.h"
#include "ui/workbench/ClusterPanel.h"
#include "ui/workbench/CurvePanel.h"
#include "ui/workbench/DataPage.h"
#include "ui/workbench/HelpDialogs.h"
#include "ui/workbench/MonitoringPage.h"
#include "ui/workbench/RunTracking.h"
#include "ui/workbench/RunsPage.h"
#include "ui/workbench/SettingsPage.h"
#include "ui/workbench/TargetPage.h"
#include "ui/workbench/TrainPage.h"
#include "ui/workbench/TryPage.h"
#include "ui/workbench/WindowPlacement.h"

namespace tweetlab::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      sideBar_(new QListWidget),
      pages_(new QStackedWidget),
      data_(new DataPage),
      train_(new TrainPage),
      settings_(new SettingsPage),
      tracking_(new RunTracking(this)),
      runs_(new RunsPage(tracking_)),
      try_(new TryPage),
      monitoring_(new MonitoringPage),
      target_(new TargetPage(tracking_)) {
  setWindowTitle(tr("TweetLab"));
  sideBar_->setObjectName("sideBar");
  sideBar_->setFixedWidth(150);
  sideBar_->setFrameShape(QFrame::NoFrame);
  // Roomy items with the palette's colours, so the bar reads well in light and dark themes.
  sideBar_->setStyleSheet(QStringLiteral("QListWidget#sideBar::item { padding: 9px 14px; }"));
  auto* central = new QWidget;
  auto* layout = new QHBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(sideBar_);
  layout->addWidget(pages_, 1);
  setCentralWidget(central);
  connect(sideBar_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);

  addPage(tr("Data"), data_);
  addPage(tr("Train"), train_);
  addPage(tr("Runs"), runs_);
  addPage(tr("Try"), try_);
  addPage(tr("Monitoring"), monitoring_);
  addPage(tr("Target"), target_);
  settings_->setObjectName("settingsPage");
  // A recorded verdict changes production accuracy; an exported feedback CSV is training data.
  connect(try_, &TryPage::feedbackRecorded, monitoring_, &MonitoringPage::refresh);
  connect(try_, &TryPage::deliveryQueueChanged, monitoring_, &MonitoringPage::setDeliveryQueue);
  monitoring_->setDeliveryQueue(try_->deliveryQueue(), try_->deliveryQueueProblem());
  // The exported verdicts join the current data's training part (never validation or test), so
  // the next run learns from the testers. They never replace the analyst's dataset nor its
  // sampling: with no dataset loaded yet they wait in the panel and join the next one.
  connect(try_, &TryPage::feedbackExported, this, [this](const QString& file) {
    data_->addTrainingSource(file);
    showPage(data_);
  });
  // One API URL: the Try page's field and the Settings page show the same saved value.
  connect(try_, &TryPage::apiUrlChanged, settings_, &SettingsPage::showApiUrl);
  // The learning curve starts from the data and the model the Data and Train pages hold.
  target_->curvePanel()->setBaseProvider([this]() -> std::optional<experiment::ExperimentSpec> {
    if (!data_->preparedData()) return std::nullopt;
    return train_->currentSpec();
  });

  connect(data_, &DataPage::dataReady, train_, &TrainPage::setData);
  connect(data_, &DataPage::dataCleared, train_, [this] { train_->setData(nullptr); });
  // Every run the Train page trains is recorded as it starts (RUNNING, live in MLflow) and ends
  // through the one tracking function, both on its worker thread.
  train_->setRunStarter(
      [tracking = tracking_](const experiment::ExperimentSpec& spec, train::TrainObserver& inner) {
        return tracking->begin(spec, inner);
      });
  train_->setRunSink([tracking = tracking_](const RunEnd& end) { tracking->track(end); });
  settings_->setConnectionTest([](const QString& uri) { return RunTracking::testConnection(uri); });
  connect(tracking_, &RunTracking::runTracked, this,
          [this](const QString& id, const QString& status, const QString& note) {
            showStatus(tr("Run %1 tracked (%2)%3")
                           .arg(id.left(8), status, note.isEmpty() ? QString() : " · " + note));
          });
  for (auto* page :
       std::initializer_list<QObject*>{data_, train_, runs_, try_, monitoring_, target_}) {
    connect(page, SIGNAL(statusMessage(QString)), this, SLOT(showStatus(QString)));
  }
  train_->setThreads(AppSettings().threads());
  train_->setDefaultDevice(AppSettings().device());
  // A grid on the cluster: each run that ends there shows up in the Runs page's MLflow source.
  connect(train_->clusterPanel(), &ClusterPanel::taskEnded, runs_, [this] { runs_->refresh(); });
  connect(settings_, &SettingsPage::settingsChanged, this, [this] {
    train_->setThreads(AppSettings().threads());
    train_->setDefaultDevice(AppSettings().device());
    train_->clusterPanel()->reloadSettings();
    try_->reloadSettings();
    monitoring_->refresh();
    showStatus(tr("Settings saved"));
  });

  buildMenus();
  // The status bar exists from the start: created by the first message, it would shrink the
  // pages and move their buttons under the mouse.
  statusBar();
  AppSettings settings;
  placeWindow(this, settings.windowGeometry());
  restoreState(settings.windowState());
}

MainWindow::~MainWindow() {
  // The pages go first: their background tasks wait for their work, and a run ending there
  // still records through tracking_ (Qt would delete tracking_, the older child, first).
  delete takeCentralWidget();
}

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  // addAction(text) then connect: the (text, receiver, slot) overloads are deprecated in Qt 6.4.
  const auto add = [](QMenu* menu, const QString& text, QObject* receiver, auto slot) {
    auto* action = menu->addAction(text);
    connect(action, &QAction::triggered, receiver, slot);
    return action;
  };
  auto* open = add(file, tr("&Open dataset…"), data_, [this] { data_->chooseFile(); });
  open->setShortcut(QKeySequence::Open);
  recentMenu_ = file->addMenu(tr("Open &recent"));
  recentMenu_->setObjectName("recentFiles");
  connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::fillRecentFiles);
  fillRecentFiles();
  add(file, tr("Open the bundled &sample"), data_, [this] { data_->openBundledSample(); });
  file->addSeparator();
  auto* quit = add(file, tr("&Quit"), this, [this] { close(); });
  quit->setObjectName("quitAction");
  quit->setShortcuts({QKeySequence::Quit, QKeySequence(Qt::CTRL | Qt::Key_Q)});
  quit->setShortcutContext(Qt::ApplicationShortcut);

  auto* help = menuBar()->addMenu(tr("&Help"));
  auto* guide = add(help, tr("&User guide"), this, [this] {
    if (!showUserGuide(this))
      QMessageBox::information(this, tr("User guide"),
                               tr("The user guide is not installed with this copy of TweetLab."));
  });
  guide->setShortcut(QKeySequence::HelpContents);
  add(help, tr("&About TweetLab"), this, [this] {
    QMessageBox box(QMessageBox::Information, tr("About TweetLab"),
                    tr("TweetLab: a workbench for tweet sentiment models."), QMessageBox::Ok, this);
    box.setObjectName("aboutBox");
    box.setInformativeText(aboutText().toHtmlEscaped().replace('\n', "<br>"));
    box.exec();
  });
}

void MainWindow::fillRecentFiles() {
  recentMenu_->clear();
  for (const auto& path : AppSettings().recentFiles()) {
    auto* action = recentMenu_->addAction(QFileInfo(path).fileName());
    connect(action, &QAction::triggered, data_, [this, path] { data_->openFile(path); });
    action->setToolTip(path);
    action->setEnabled(QFileInfo::exists(path));  // moved or deleted since: shown, not opened
  }
  recentMenu_->setEnabled(!recentMenu_->isEmpty());
}

void MainWindow::showStatus(const QString& message) {
  // Every message expires: a failure never stays beside a later success, and a new message
  // replaces the one before.
  statusBar()->showMessage(message, statusMessageMs_);
}

int MainWindow::addPage(const QString& name, QWidget* page) {
  // Settings stays last: pages added later go before it.
  const int settingsIndex = pages_->indexOf(settings_);
  int index;
  if (settingsIndex >= 0) {
    index = pages_->insertWidget(settingsIndex, page);
    sideBar_->insertItem(index, name);
  } else {
    index = pages_->addWidget(page);
    sideBar_->addItem(name);
    if (page != settings_) {
      pages_->addWidget(settings_);
      sideBar_->addItem(tr("Settings"));
    }
  }
  // Ctrl+1 … Ctrl+9 follow the side bar order.
  for (auto* old : findChildren<QShortcut*>(QStringLiteral("pageShortcut"))) delete old;
  for (int i = 0; i < pages_->count() && i < 9; ++i) {
    auto* shortcut =
        new QShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)), this);
    shortcut->setObjectName("pageShortcut");
    connect(shortcut, &QShortcut::activated, this, [this, i] { sideBar_->setCurrentRow(i); });
  }
  const int last = AppSettings().lastPage();
  if (sideBar_->currentRow() < 0 || last == index)
    sideBar_->setCurrentRow(std::min(last, pages_->count() - 1));
  return index;
}

void MainWindow::showPage(QWidget* page) {
  sideBar_->setCurrentRow(pages_->indexOf(page));
}

QStringList MainWindow::workInProgress() const {
  QStringList work;
  if (train_->isTraining()) work << tr("a training run");
  if (target_->curvePanel()->isRunning()) work << tr("a learning curve");
  if (target_->isBusy()) work << tr("a bundle evaluation or calibration");
  return work;
}

void MainWindow::closeOnceWorkEnds() {
  // Every way each piece of work can end tries closing again; closeEvent closes when none runs.
  const auto again = Qt::QueuedConnection;
  connect(train_, &TrainPage::queueFinished, this, &QWidget::close, again);
  auto* curve = target_->curvePanel();
  connect(curve, &CurvePanel::finished, this, &QWidget::close, again);
  connect(curve, &CurvePanel::failed, this, &QWidget::close, again);
  connect(curve, &CurvePanel::cancelled, this, &QWidget::close, again);
  connect(target_, &TargetPage::evaluated, this, &QWidget::close, again);
  connect(target_, &TargetPage::calibrated, this, &QWidget::close, again);
  connect(target_, &TargetPage::predicted, this, &QWidget::close, again);
  connect(target_, &TargetPage::failed, this, &QWidget::close, again);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (const auto work = workInProgress(); !work.isEmpty()) {
    if (!closeAfterWork_) {
      const auto answer = QMessageBox::question(
          this, tr("Work in progress"),
          tr("Still running: %1. Stop and quit? A training run is recorded as KILLED with what "
             "it had; a learning curve keeps the points already tracked.")
              .arg(work.join(tr(", "))));
      if (answer != QMessageBox::Yes) {
        event->ignore();
        return;
      }
      // Quit once the work has stopped and been tracked: the workers may need this thread to
      // render their plots, so waiting for them here would lose the runs (or deadlock when the
      // pages are destroyed and wait for their workers).
      closeAfterWork_ = true;
      closeOnceWorkEnds();
      train_->cancel();
      target_->curvePanel()->cancel();  // an evaluation or calibration is short: it finishes
      statusBar()->showMessage(tr("Stopping %1 and saving…").arg(work.join(tr(", "))));
    }
    event->ignore();
    return;
  }
  AppSettings settings;
  settings.setWindowGeometry(saveGeometry());
  settings.setWindowState(saveState());
  settings.setLastPage(sideBar_->currentRow());
  QMainWindow::closeEvent(event);
}

}  // namespace tweetlab::ui
