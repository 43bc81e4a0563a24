// The UI tests that need a 1366×768 screen (a common laptop): the offscreen platform is given one
// screen of that size, with window frames, through its JSON configuration file.
#include <gtest/gtest.h>

#include <QApplication>
#include <QStandardPaths>
#include <QTemporaryFile>

int main(int argc, char** argv) {
  QTemporaryFile config;
  if (!config.open()) return 2;
  config.write(R"({"windowFrameMargins": true,
    "screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                 "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})");
  config.flush();
  qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.fileName().toLocal8Bit());
  QStandardPaths::setTestModeEnabled(true);
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TweetLabTests");
  QApplication::setApplicationName("TweetLabSmallScreenTests");
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
