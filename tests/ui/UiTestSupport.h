#pragma once
// Helpers for driving real widgets: wait for a condition while the event loop runs, answer the
// next modal dialog, and measure how long the event loop ever went without running a timer (the
// GUI's worst stall).
#include <QApplication>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <functional>

namespace tweetlab::testing {

inline bool waitUntil(const std::function<bool()>& condition, int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (!condition()) {
    if (clock.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  return true;
}

// Runs `answer` on the next modal dialog (a file dialog, a message box) once it is open.
inline void answerNextDialog(std::function<void(QWidget*)> answer) {
  auto* timer = new QTimer;
  timer->setInterval(20);
  QObject::connect(timer, &QTimer::timeout, [timer, answer] {
    if (auto* dialog = QApplication::activeModalWidget()) {
      timer->stop();
      timer->deleteLater();
      answer(dialog);
    }
  });
  timer->start();
}

// Counts 5 ms timer ticks and records the longest gap between two of them.
class StallMeter {
 public:
  StallMeter() {
    timer_.setInterval(5);
    QObject::connect(&timer_, &QTimer::timeout, [this] {
      const qint64 now = clock_.elapsed();
      if (ticks_ > 0) longestGapMs_ = std::max(longestGapMs_, now - last_);
      last_ = now;
      ++ticks_;
    });
    clock_.start();
    timer_.start();
  }
  qint64 longestGapMs() const { return longestGapMs_; }
  long ticks() const { return ticks_; }

 private:
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = 0;
  qint64 longestGapMs_ = 0;
  long ticks_ = 0;
};

}  // namespace tweetlab::testing
