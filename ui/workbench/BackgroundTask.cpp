#include "ui/workbench/BackgroundTask.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QPointer>
#include <atomic>

#include "core/common/Errors.h"

namespace tweetlab::ui {
namespace {

// The worker-side observer. Every report is posted to `task` with a queued call: if the task is
// gone by then, Qt drops the call instead of touching a dead object.
class QueuedObserver final : public train::TrainObserver {
 public:
  QueuedObserver(const std::atomic<bool>& stop, BackgroundTask* task) : stop_(stop), task_(task) {
    clock_.start();
  }

  void epochEnded(const train::HistoryRow& row) override {
    QMetaObject::invokeMethod(
        task_, [task = task_, row] { emit task->epochEnded(row); }, Qt::QueuedConnection);
  }

  void batchEnded(std::size_t batch, double loss) override {
    // Batches can come thousands a second: post one in every few to keep the event loop light.
    if (batch % 8 != 0) return;
    QMetaObject::invokeMethod(
        task_,
        [task = task_, batch, loss] { emit task->batchEnded(static_cast<qint64>(batch), loss); },
        Qt::QueuedConnection);
  }

  void progress(std::size_t done, std::size_t total) override {
    // At most ~20 updates a second reach the GUI, whatever the batch rate; the last always does.
    const qint64 now = clock_.elapsed();
    const qint64 last = lastPost_.load();
    if (done < total && now - last < 50) return;
    lastPost_ = now;
    const double elapsed = static_cast<double>(now) / 1000.0;
    QMetaObject::invokeMethod(
        task_,
        [task = task_, done, total, elapsed] {
          emit task->progressChanged(static_cast<qint64>(done), static_cast<qint64>(total),
                                     elapsed);
        },
        Qt::QueuedConnection);
  }

  void status(std::string_view message) override {
    QMetaObject::invokeMethod(
        task_,
        [task = task_,
         text = QString::fromUtf8(message.data(), static_cast<qsizetype>(message.size()))] {
          emit task->statusChanged(text);
        },
        Qt::QueuedConnection);
  }

  bool stopRequested() const override { return stop_.load(); }

 private:
  const std::atomic<bool>& stop_;
  BackgroundTask* task_;
  QElapsedTimer clock_;
  std::atomic<qint64> lastPost_{-1000};
};

}  // namespace

BackgroundTask::BackgroundTask(QObject* parent) : QObject(parent) {}

BackgroundTask::~BackgroundTask() {
  if (isRunning()) {
    stop_ = true;
    work_.waitForFinished();
  }
}

void BackgroundTask::start(Work work) {
  if (isRunning()) return;
  outcome_ = Outcome::Running;
  error_.clear();
  stop_ = false;
  work_ = runner_.run(
      [this, work = std::move(work)] {
        QueuedObserver observer(stop_, this);
        try {
          work(observer);
        } catch (const CancelledError&) {
          return Outcome::Cancelled;
        }
        return stop_ ? Outcome::Cancelled : Outcome::Succeeded;
      },
      [this](Outcome outcome) { finish(outcome, {}); },
      [this](const QString& error) { finish(Outcome::Failed, error); });
}

// The work sees the flag at its next safe point, stops there and still runs its own ending (the
// run is tracked as KILLED).
void BackgroundTask::cancel() {
  if (isRunning()) stop_ = true;
}

bool BackgroundTask::isRunning() const {
  return outcome_ == Outcome::Running;
}

void BackgroundTask::finish(Outcome outcome, const QString& error) {
  outcome_ = outcome;
  error_ = error;
  switch (outcome_) {
    case Outcome::Succeeded:
      emit succeeded();
      break;
    case Outcome::Failed:
      emit failed(error_);
      break;
    default:
      emit cancelled();
      break;
  }
}

}  // namespace tweetlab::ui
