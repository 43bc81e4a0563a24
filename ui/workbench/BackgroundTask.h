#pragma once
// Runs long core work (loading, training) off the GUI thread on the workbench's AsyncRunner, with
// a stop flag for cancellation and the core's TrainObserver reports (progress, status, epochs)
// delivered to the GUI thread as queued signals.
#include <QFuture>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>

#include "core/train/TrainObserver.h"
#include "ui/workbench/AsyncRunner.h"

namespace tweetlab::ui {

class BackgroundTask : public QObject {
  Q_OBJECT

 public:
  using Work = std::function<void(train::TrainObserver&)>;
  enum class Outcome { NotStarted, Running, Succeeded, Failed, Cancelled };

  explicit BackgroundTask(QObject* parent = nullptr);
  // Cancels and waits for the worker: the worker never outlives the object it reports to.
  ~BackgroundTask() override;

  // Starts `work` on the global thread pool. One run at a time.
  void start(Work work);
  // Asks the work to stop at its next safe point (within one batch / fold).
  void cancel();
  bool isRunning() const;
  Outcome outcome() const { return outcome_; }
  QString errorMessage() const { return error_; }

 signals:
  void progressChanged(qint64 done, qint64 total, double elapsedSeconds);
  void statusChanged(const QString& message);
  void epochEnded(const tweetlab::train::HistoryRow& row);
  void batchEnded(qint64 batch, double loss);
  void succeeded();
  void failed(const QString& message);
  void cancelled();

 private:
  void finish(Outcome outcome, const QString& error);

  std::atomic<bool> stop_{false};
  Outcome outcome_ = Outcome::NotStarted;
  QString error_;
  AsyncRunner runner_{this, AsyncRunner::Keep::Every};
  QFuture<void> work_;  // waited for on destruction: the work reports to this object
};

}  // namespace tweetlab::ui
