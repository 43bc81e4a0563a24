// UI tests need a QApplication for the whole run; QT_QPA_PLATFORM=offscreen (set by CTest and
// defaulted here) renders real widgets without a display.
#include <gtest/gtest.h>

#include <QApplication>
#include <QStandardPaths>

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // Settings and run stores go to a throw-away location, never the developer's own.
  QStandardPaths::setTestModeEnabled(true);
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TweetLabTests");
  QApplication::setApplicationName("TweetLabUiTests");
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
