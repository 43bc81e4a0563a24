// The Monitoring page shows the feedback log as it is when the user (or a new verdict) asks for a
// refresh, even when the ask comes while an earlier read is still running.
#include <gtest/gtest.h>

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
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

// Problem 10 of issue 19: a short session's time axis repeated its labels ("09:01 09:01 09:02").
TEST_F(MonitoringPageTest, TheTimeAxisNeverRepeatsALabel) {
  {
    telemetry::FeedbackLog log(log_);
    // Three verdicts within one minute: the axis spans three minutes around them.
    for (int i = 0; i <= 2; ++i) {
      auto r = verdict(i, i != 1);
      r.receivedAt = "2026-11-25T09:00:1" + std::to_string(i) + ".000Z";
      log.append(r);
    }
  }
  MonitoringPage page;
  int refreshes = 0;
  QObject::connect(&page, &MonitoringPage::refreshed, [&refreshes] { ++refreshes; });
  ASSERT_TRUE(testing::waitUntil([&] { return refreshes > 0; }, 20000));
  auto* bucket = page.findChild<QComboBox*>("bucketWidth");
  ASSERT_NE(bucket, nullptr);
  bucket->setCurrentIndex(bucket->findData(60));  // per minute: the axis spans three minutes
  ASSERT_TRUE(testing::waitUntil([&] { return refreshes > 1; }, 20000));
  auto* view = page.findChild<QChartView*>("monitoringChart");
  ASSERT_NE(view, nullptr);
  QDateTimeAxis* time = nullptr;
  for (auto* axis : view->chart()->axes(Qt::Horizontal))
    if (auto* t = qobject_cast<QDateTimeAxis*>(axis)) time = t;
  ASSERT_NE(time, nullptr);
  ASSERT_GT(time->tickCount(), 1);
  QStringList labels;
  const auto span = time->min().msecsTo(time->max());
  for (int i = 0; i < time->tickCount(); ++i)
    labels << time->min().addMSecs(span * i / (time->tickCount() - 1)).toString(time->format());
  EXPECT_EQ(labels.removeDuplicates(), 0) << labels.join(" ").toStdString();
}

}  // namespace
}  // namespace tweetlab::ui
