#pragma once
// Runs long core work (loading, training) off the GUI thread: QtConcurrent::run with a QPromise
// for cancellation, a QFutureWatcher for completion, and the core's TrainObserver reports
// (progress, status, epochs) delivered to the GUI thread as queued signals.
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <mutex>

#include "core/train/TrainObserver.h"

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
  void onFinished();

  QFutureWatcher<void> watcher_;
  std::atomic<bool> stop_{false};
  Outcome outcome_ = Outcome::NotStarted;
  QString error_;
  std::mutex resultMutex_;
  Outcome workerOutcome_ = Outcome::NotStarted;
  QString workerError_;
};

}  // namespace tweetlab::ui
