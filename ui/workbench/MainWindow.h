#pragma once
// The workbench window: a side bar of pages (Data, Train, Runs, Settings, and the pages later
// issues add), a menu bar (File: open, recent files, quit; Help: user guide, About), window
// geometry remembered and fitted to the screen, last page remembered, and status bar messages
// from every page that expire.
#include <QMainWindow>

class QListWidget;
class QMenu;
class QStackedWidget;

namespace tweetlab::ui {

class DataPage;
class TrainPage;
class SettingsPage;
class TryPage;
class RunsPage;
class RunTracking;
class MonitoringPage;
class TargetPage;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  DataPage* dataPage() const { return data_; }
  TrainPage* trainPage() const { return train_; }
  SettingsPage* settingsPage() const { return settings_; }
  TryPage* tryPage() const { return try_; }
  RunsPage* runsPage() const { return runs_; }
  RunTracking* runTracking() const { return tracking_; }
  MonitoringPage* monitoringPage() const { return monitoring_; }
  TargetPage* targetPage() const { return target_; }
  // Adds a page to the side bar (Ctrl+<n> selects the n-th page).
  int addPage(const QString& name, QWidget* page);
  void showPage(QWidget* page);
  // How long a status bar message stays (10 s).
  void setStatusMessageTimeout(int ms) { statusMessageMs_ = ms; }

 public slots:
  void showStatus(const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  // What quitting now would stop (a training run, a learning curve, a bundle evaluation).
  QStringList workInProgress() const;
  void closeOnceWorkEnds();
  bool closeAfterWork_ = false;  // the user asked to quit while work was ending

  void buildMenus();
  void fillRecentFiles();

  QMenu* recentMenu_ = nullptr;
  int statusMessageMs_ = 10000;
  QListWidget* sideBar_;
  QStackedWidget* pages_;
  DataPage* data_;
  TrainPage* train_;
  SettingsPage* settings_;
  RunTracking* tracking_;
  RunsPage* runs_;
  TryPage* try_;
  MonitoringPage* monitoring_;
  TargetPage* target_;
};

}  // namespace tweetlab::ui
