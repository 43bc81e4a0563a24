// The workbench's one helper for work off the GUI thread: answers arrive on the owner's thread,
// a failure arrives as a message, an answer overtaken by a newer call is dropped, and nothing
// arrives for an owner that is gone.
#include <gtest/gtest.h>

#include <QThread>
#include <atomic>
#include <memory>

#include "core/common/Errors.h"
#include "tests/ui/UiTestSupport.h"
#include "ui/workbench/AsyncRunner.h"

namespace tweetlab::ui {
namespace {

using testing::waitUntil;

struct Owner : QObject {
  AsyncRunner latest{this};
  AsyncRunner every{this, AsyncRunner::Keep::Every};
};

// Work that waits until the test lets it go (never a timed assumption).
struct Gate {
  std::atomic<bool> open{false};
  void wait() const {
    while (!open) QThread::msleep(1);
  }
};

TEST(AsyncRunner, DeliversTheResultOnTheOwnersThread) {
  Owner owner;
  int answer = 0;
  QThread* thread = nullptr;
  owner.latest.run([] { return 42; },
                   [&](int v) {
                     answer = v;
                     thread = QThread::currentThread();
                   },
                   [](const QString&) { FAIL() << "no failure expected"; });
  ASSERT_TRUE(waitUntil([&] { return answer == 42; }, 10000));
  EXPECT_EQ(thread, owner.thread());
  EXPECT_FALSE(owner.latest.busy());
}

TEST(AsyncRunner, AThrowingWorkArrivesAsAMessage) {
  Owner owner;
  QString message;
  bool done = false;
  owner.every.run([]() -> int { throw InputError("line 3: no text column"); },
                  [&](int) { done = true; }, [&](const QString& m) { message = m; });
  bool voidDone = false;
  owner.every.run([] {}, [&] { voidDone = true; }, [](const QString&) {});
  ASSERT_TRUE(waitUntil([&] { return !message.isEmpty() && voidDone; }, 10000));
  EXPECT_EQ(message, "line 3: no text column");
  EXPECT_FALSE(done);
}

TEST(AsyncRunner, AnAnswerOvertakenByANewerCallIsDropped) {
  Owner owner;
  auto gate = std::make_shared<Gate>();
  std::vector<int> shown;
  std::atomic<bool> oldFinished{false};
  owner.latest.run(
      [gate, &oldFinished] {
        gate->wait();
        oldFinished = true;
        return 1;  // e.g. the runs of the filter the user has since changed
      },
      [&](int v) { shown.push_back(v); }, [](const QString&) {});
  owner.latest.run([] { return 2; }, [&](int v) { shown.push_back(v); }, [](const QString&) {});
  ASSERT_TRUE(waitUntil([&] { return !shown.empty(); }, 10000));
  gate->open = true;
  ASSERT_TRUE(waitUntil([&] { return oldFinished && !owner.latest.busy(); }, 10000));
  EXPECT_EQ(shown, std::vector<int>{2});

  // Keep::Every delivers both, in whatever order they end.
  std::vector<int> every;
  owner.every.run([] { return 1; }, [&](int v) { every.push_back(v); }, [](const QString&) {});
  owner.every.run([] { return 2; }, [&](int v) { every.push_back(v); }, [](const QString&) {});
  ASSERT_TRUE(waitUntil([&] { return every.size() == 2; }, 10000));
}

TEST(AsyncRunner, NothingArrivesOnceTheOwnerIsGone) {
  auto gate = std::make_shared<Gate>();
  auto answered = std::make_shared<std::atomic<bool>>(false);
  QFuture<void> work;
  {
    Owner owner;
    work = owner.latest.run(
        [gate] {
          gate->wait();
          return 7;
        },
        [answered](int) { *answered = true; }, [answered](const QString&) { *answered = true; });
  }
  gate->open = true;
  work.waitForFinished();
  // Give a queued answer every chance to arrive.
  QCoreApplication::processEvents();
  QCoreApplication::sendPostedEvents();
  EXPECT_FALSE(*answered);
}

}  // namespace
}  // namespace tweetlab::ui
