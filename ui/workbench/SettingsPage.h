#pragma once
// Settings: MLflow tracking URI and experiment (with a connection test), data directory, thread
// count, default device, where the Train page's queue runs (here or a Slurm cluster, with the
// array tasks' resources), prediction API URL and key, Application Insights connection string,
// where the Try page's verdicts go and the local alert rule. Saved on Apply.
#include <QWidget>
#include <functional>

#include "ui/workbench/AsyncRunner.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tweetlab::ui {

class SettingsPage : public QWidget {
  Q_OBJECT

 public:
  // Tests the tracking server at a URI; returns "" when it answers, else the reason. Called off
  // the GUI thread. Injected so this page does not depend on the tracking client.
  using ConnectionTest = std::function<QString(const QString& uri)>;

  explicit SettingsPage(QWidget* parent = nullptr);
  void setConnectionTest(ConnectionTest test) { test_ = std::move(test); }

 public slots:
  void reload();  // from QSettings
  void apply();   // to QSettings
  void testConnection();
  // The API URL changed elsewhere (the Try page) and is saved: show it, so Apply keeps it.
  void showApiUrl(const QString& url);

 signals:
  void settingsChanged();

 private:
  QLineEdit* trackingUri_;
  QLineEdit* experiment_;
  QLineEdit* dataDir_;
  QSpinBox* threads_;
  QComboBox* device_;
  QComboBox* executor_;
  QLineEdit* partition_;
  QLineEdit* time_;
  QSpinBox* cpusPerTask_;
  QLineEdit* memory_;
  QLineEdit* gres_;
  QSpinBox* ntasks_;
  QLineEdit* gridDir_;
  QLineEdit* apiUrl_;
  QLineEdit* connectionString_;
  QLineEdit* apiKey_;
  QComboBox* feedbackRoute_;
  QCheckBox* validatedEvents_;
  QSpinBox* alertThreshold_;
  QSpinBox* alertWindow_;
  QLabel* testResult_;
  ConnectionTest test_;
  AsyncRunner tester_{this};  // the latest connection test answers
};

}  // namespace tweetlab::ui
