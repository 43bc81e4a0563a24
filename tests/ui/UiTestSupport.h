#pragma once
// Helpers for driving real widgets: wait for a condition while the event loop runs, answer the
// next modal dialog, and measure how long the event loop ever went without running a timer (the
// GUI's worst stall).
#include <gtest/gtest.h>

#include <QApplication>
#include <QCoreApplication>
#include <QDialog>
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
// A dialog the answer left open (an answer that failed an assertion, an accept the dialog
// refused) would keep its exec() and the whole test program waiting forever: after
// kAnsweredDialogGraceMs it is rejected and the test fails instead.
constexpr int kAnsweredDialogGraceMs = 10000;

inline void answerNextDialog(std::function<void(QWidget*)> answer) {
  auto* timer = new QTimer;
  timer->setInterval(20);
  QObject::connect(timer, &QTimer::timeout, [timer, answer] {
    if (auto* dialog = QApplication::activeModalWidget()) {
      timer->stop();
      timer->deleteLater();
      answer(dialog);
      QTimer::singleShot(kAnsweredDialogGraceMs, dialog, [dialog] {
        if (!dialog->isVisible()) return;
        ADD_FAILURE() << "the answered dialog \"" << dialog->windowTitle().toStdString()
                      << "\" was still open " << kAnsweredDialogGraceMs << " ms later";
        if (auto* modal = qobject_cast<QDialog*>(dialog)) {
          modal->reject();
        } else {
          dialog->close();
        }
      });
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
