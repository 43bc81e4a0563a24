#pragma once
// A real main window over a throw-away data directory (run store, feedback log), with the
// bundled sample sized down for speed. Tests that check the tracking wiring keep the window's
// own run sink; the others record run ends in `statuses()`.
#include <gtest/gtest.h>

#include <QSettings>
#include <QSpinBox>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tests/support/TempDir.h"
#include "tests/ui/UiTestSupport.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/DataPage.h"
#include "ui/workbench/MainWindow.h"
#include "ui/workbench/TrainPage.h"

namespace tweetlab::ui {

class WorkbenchFixture : public ::testing::Test {
 protected:
  // recordRuns: replace the tracking sink by a recorder (most tests need no run store).
  void openWindow(bool recordRuns) {
    QSettings().clear();
    AppSettings settings;
    settings.setDataDirectory(QString::fromStdString(dataDir_.path().string()));
    window_ = std::make_unique<MainWindow>();
    window_->show();
    window_->dataPage()->findChild<QSpinBox*>("sampleSize")->setValue(2000);
    if (recordRuns) {
      window_->trainPage()->setRunSink([this](const RunEnd& end) {
        std::lock_guard lock(mutex_);
        statuses_.push_back(end.status);
        historyRows_ = end.history.size();
      });
    }
  }
  void TearDown() override {
    window_.reset();
    QSettings().clear();
  }

  void loadSample() {
    bool ready = false;
    auto connection =
        QObject::connect(window_->dataPage(), &DataPage::dataReady, [&ready] { ready = true; });
    window_->dataPage()->openBundledSample();
    ASSERT_TRUE(testing::waitUntil([&] { return ready; }, 60000)) << "the sample never loaded";
    QObject::disconnect(connection);
  }

  std::vector<std::string> statuses() {
    std::lock_guard lock(mutex_);
    return statuses_;
  }

  testing::TempDir dataDir_;
  std::unique_ptr<MainWindow> window_;
  std::mutex mutex_;
  std::vector<std::string> statuses_;
  std::size_t historyRows_ = 0;
};

}  // namespace tweetlab::ui
