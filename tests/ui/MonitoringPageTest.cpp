// The Monitoring page shows the feedback log as it is when the user (or a new verdict) asks for a
// refresh, even when the ask comes while an earlier read is still running.
#include <gtest/gtest.h>

#include <QSettings>
#include <QThreadPool>
#include <filesystem>
#include <string>

#include "core/telemetry/FeedbackLog.h"
#include "tests/support/TempDir.h"
#include "tests/ui/UiTestSupport.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/MonitoringPage.h"

namespace tweetlab::ui {
namespace {

telemetry::FeedbackRecord verdict(int i, bool accepted) {
  telemetry::FeedbackRecord r;
  r.id = "r" + std::to_string(i);
  r.receivedAt = "2026-11-25T09:0" + std::to_string(i) + ":00.000Z";
  r.text = "tweet " + std::to_string(i);
  r.predicted = "positive";
  r.score = 0.9;
  r.accepted = accepted;
  return r;
}

class MonitoringPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    QSettings().clear();
    AppSettings settings;
    settings.setDataDirectory(QString::fromStdString(dataDir_.path().string()));
    settings.setAlertThreshold(3);
    settings.setAlertWindowMinutes(5);
    log_ = std::filesystem::path(settings.feedbackLogPath().toStdString());
  }
  void TearDown() override { QSettings().clear(); }

  testing::TempDir dataDir_;
  std::filesystem::path log_;
};

TEST_F(MonitoringPageTest, ARefreshAskedDuringARunningReadShowsTheNewerLog) {
  {
    telemetry::FeedbackLog log(log_);
    log.append(verdict(0, true));
  }
  MonitoringPage page;  // starts its first read (one verdict, no alert)
  int refreshes = 0;
  QObject::connect(&page, &MonitoringPage::refreshed, [&refreshes] { ++refreshes; });
  // That read has finished on its worker, its answer not yet delivered (the event loop has not
  // run): the page still counts it as running.
  QThreadPool::globalInstance()->waitForDone();
  {
    telemetry::FeedbackLog log(log_);
    for (int i = 1; i <= 3; ++i) log.append(verdict(i, false));
  }
  // Three rejections in three minutes: the page must show the alert they raise. Asked twice, as
  // two verdicts in a row do; both asks are answered by one more read.
  page.refresh();
  page.refresh();
  ASSERT_TRUE(testing::waitUntil([&] { return refreshes > 0; }, 20000));
  EXPECT_EQ(page.alertCount(), 1);
  QThreadPool::globalInstance()->waitForDone();
  QCoreApplication::processEvents();
  EXPECT_EQ(refreshes, 1) << "the older read's answer was shown, or the asks were not coalesced";
}

}  // namespace
}  // namespace tweetlab::ui
