#pragma once
// The workbench's one way to run core work off the GUI thread (reading the run store, asking a
// server, writing a file): QtConcurrent::run for the work, a continuation on the owner's thread
// for the answer. Failure and staleness are handled here once, not at every call site:
// - whatever the work throws reaches `failed` as a message (never an exception on the GUI thread);
// - with Keep::Latest only the answer to the latest call arrives: a refresh started before the
//   user changed the filter again is dropped, not shown over the newer one;
// - nothing arrives once the owner is destroyed (the work itself still runs to its end, so it
//   must only use what outlives the owner: copies, the run store, files).
// Long jobs with progress and cancel (training) use BackgroundTask, which runs on this too.
// Declare the runner as a member of its owner, so that it lives as long as the owner.
#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace tweetlab::ui {

class AsyncRunner {
 public:
  enum class Keep { Latest, Every };

  explicit AsyncRunner(QObject* owner, Keep keep = Keep::Latest) : owner_(owner), keep_(keep) {}
  AsyncRunner(const AsyncRunner&) = delete;
  AsyncRunner& operator=(const AsyncRunner&) = delete;

  // Starts work() on the global thread pool; then, on the owner's thread, done(result) (done()
  // for void work) or failed(message). Returns the work's future (e.g. to wait for it when the
  // work uses its owner).
  template <class Work, class Done, class Failed>
  QFuture<void> run(Work work, Done done, Failed failed);

  // Answers to calls made so far are dropped (Keep::Latest): e.g. the source they list is gone.
  void dropPending() { ++generation_; }
  // Work started and its answer not yet delivered (or dropped).
  bool busy() const { return inFlight_ > 0; }

 private:
  template <class T>
  struct Outcome {
    std::optional<T> value;
    QString error;
  };

  QObject* owner_;
  Keep keep_;
  int generation_ = 0;
  int inFlight_ = 0;
};

template <class Work, class Done, class Failed>
QFuture<void> AsyncRunner::run(Work work, Done done, Failed failed) {
  using Result = std::invoke_result_t<Work&>;
  using Stored = std::conditional_t<std::is_void_v<Result>, std::monostate, Result>;
  const int generation = ++generation_;
  ++inFlight_;
  auto future = QtConcurrent::run([work = std::move(work)]() mutable -> Outcome<Stored> {
    Outcome<Stored> outcome;
    try {
      if constexpr (std::is_void_v<Result>) {
        work();
        outcome.value.emplace();
      } else {
        outcome.value.emplace(work());
      }
    } catch (const std::exception& e) {
      outcome.error = QString::fromUtf8(e.what());
    } catch (...) {
      outcome.error = QStringLiteral("unknown error");
    }
    return outcome;
  });
  // The answer is delivered by a QFutureWatcher that is the owner's child: it lives on the
  // owner's thread and is destroyed with the owner, and a watcher detaches from its future under
  // the future's own lock, so a work that ends while the owner is being destroyed posts nothing
  // to it. (QFuture::then(owner, ...) in Qt 6.4 checks a QPointer to the owner on the worker
  // thread and then posts to it: a window closed between the two is a use after free.) `this`
  // is a member of the owner, so it is alive whenever the watcher's signal arrives.
  auto* watcher = new QFutureWatcher<Outcome<Stored>>(owner_);
  QObject::connect(
      watcher, &QFutureWatcherBase::finished, owner_,
      [this, watcher, generation, done = std::move(done), failed = std::move(failed)]() mutable {
        watcher->deleteLater();
        --inFlight_;
        if (keep_ == Keep::Latest && generation != generation_) return;
        Outcome<Stored> outcome = watcher->result();
        if (!outcome.value) {
          failed(outcome.error);
        } else if constexpr (std::is_void_v<Result>) {
          done();
        } else {
          done(std::move(*outcome.value));
        }
      });
  watcher->setFuture(future);
  return QFuture<void>(future);
}

}  // namespace tweetlab::ui
