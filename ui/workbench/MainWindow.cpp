#include "ui/workbench/MainWindow.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMessageBox>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>

#include "ui/workbench/AppSettings.h"
#include "ui/workbench/DataPage.h"
#include "ui/workbench/SettingsPage.h"
#include "ui/workbench/TrainPage.h"

namespace tweetlab::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      sideBar_(new QListWidget),
      pages_(new QStackedWidget),
      data_(new DataPage),
      train_(new TrainPage),
      settings_(new SettingsPage) {
  setWindowTitle(tr("TweetLab"));
  sideBar_->setObjectName("sideBar");
  sideBar_->setFixedWidth(150);
  sideBar_->setFrameShape(QFrame::NoFrame);
  auto* central = new QWidget;
  auto* layout = new QHBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(sideBar_);
  layout->addWidget(pages_, 1);
  setCentralWidget(central);
  connect(sideBar_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);

  addPage(tr("Data"), data_);
  addPage(tr("Train"), train_);
  settings_->setObjectName("settingsPage");

  connect(data_, &DataPage::dataReady, train_, &TrainPage::setData);
  for (auto* page : std::initializer_list<QObject*>{data_, train_}) {
    connect(page, SIGNAL(statusMessage(QString)), statusBar(), SLOT(showMessage(QString)));
  }
  train_->setThreads(AppSettings().threads());
  connect(settings_, &SettingsPage::settingsChanged, this, [this] {
    train_->setThreads(AppSettings().threads());
    statusBar()->showMessage(tr("Settings saved"), 3000);
  });

  AppSettings settings;
  resize(1280, 800);
  restoreGeometry(settings.windowGeometry());
  restoreState(settings.windowState());
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
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)), this);
    shortcut->setObjectName("pageShortcut");
    connect(shortcut, &QShortcut::activated, this, [this, i] { sideBar_->setCurrentRow(i); });
  }
  const int last = AppSettings().lastPage();
  if (sideBar_->currentRow() < 0 || last == index) sideBar_->setCurrentRow(std::min(last, pages_->count() - 1));
  return index;
}

void MainWindow::showPage(QWidget* page) { sideBar_->setCurrentRow(pages_->indexOf(page)); }

void MainWindow::closeEvent(QCloseEvent* event) {
  if (train_->isTraining()) {
    const auto answer = QMessageBox::question(
        this, tr("Training in progress"),
        tr("A run is training. Cancel it and quit? It will be recorded as KILLED with what it had."));
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
    train_->cancel();
  }
  AppSettings settings;
  settings.setWindowGeometry(saveGeometry());
  settings.setWindowState(saveState());
  settings.setLastPage(sideBar_->currentRow());
  QMainWindow::closeEvent(event);
}

}  // namespace tweetlab::ui
