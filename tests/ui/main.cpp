// UI tests need a QApplication for the whole run; QT_QPA_PLATFORM=offscreen (set by CTest and
// defaulted here) renders real widgets without a display.
#include <gtest/gtest.h>

#include <QApplication>
#include <QStandardPaths>

#include "tests/support/ProcessSettings.h"

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // Settings and run stores go to a throw-away location, never the developer's own, and the
  // settings to one of this process only (another run of test_ui must not clear them).
  QStandardPaths::setTestModeEnabled(true);
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TweetLabTests");
  QApplication::setApplicationName("TweetLabUiTests");
  const auto settings = tweetlab::testing::useProcessOwnSettings();
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
