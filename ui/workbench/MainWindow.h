#pragma once
// The workbench window: a side bar of pages (Data, Train, Runs, Settings, and the pages later
// issues add), window state and last page remembered, status bar messages from every page.
#include <QMainWindow>

class QListWidget;
class QStackedWidget;

namespace tweetlab::ui {

class DataPage;
class TrainPage;
class SettingsPage;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);

  DataPage* dataPage() const { return data_; }
  TrainPage* trainPage() const { return train_; }
  SettingsPage* settingsPage() const { return settings_; }
  // Adds a page to the side bar (Ctrl+<n> selects the n-th page).
  int addPage(const QString& name, QWidget* page);
  void showPage(QWidget* page);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  QListWidget* sideBar_;
  QStackedWidget* pages_;
  DataPage* data_;
  TrainPage* train_;
  SettingsPage* settings_;
};

}  // namespace tweetlab::ui
