#pragma once
// The Train page's way to a Slurm cluster: sends the queued experiments (or the form's one) as one
// job array with the Settings page's resources and MLflow tracking URI (core/cluster/SlurmGrid.h),
// then follows the array's tasks every few seconds, off the GUI thread, until all have ended. Each
// task that ends is announced, so that the Runs page's MLflow source shows its run.
#include <QString>
#include <QWidget>
#include <functional>
#include <map>
#include <vector>

#include "core/cluster/SlurmGrid.h"
#include "core/experiment/ExperimentSpec.h"
#include "ui/workbench/AsyncRunner.h"

class QLabel;
class QPushButton;
class QTimer;

namespace tweetlab::ui {

class ClusterPanel : public QWidget {
  Q_OBJECT

 public:
  // The experiments to send, validated (throws InputError naming what is wrong).
  using SpecSource = std::function<std::vector<experiment::ExperimentSpec>()>;
  explicit ClusterPanel(SpecSource specs, QWidget* parent = nullptr);

  QString jobId() const { return job_; }
  // Seconds between two looks at the tasks (10 by default; tests use less).
  void setPollInterval(int milliseconds);

 public slots:
  void reloadSettings();  // shown only when the executor setting is "slurm"
  void send();

 signals:
  void submitted(const QString& jobId, int tasks);
  void taskEnded(const QString& jobId, int task, const QString& state);
  void allEnded(const QString& jobId);
  void statusMessage(const QString& message);

 private:
  void poll();

  SpecSource specs_;
  QPushButton* send_ = nullptr;
  QLabel* status_ = nullptr;
  QTimer* timer_ = nullptr;
  QString job_;
  std::map<int, QString> states_;  // task -> last state seen
  bool polling_ = false;
  AsyncRunner runner_{this, AsyncRunner::Keep::Every};  // submissions
  AsyncRunner poller_{this, AsyncRunner::Keep::Every};  // polls drop answers for an old job_
};

}  // namespace tweetlab::ui
