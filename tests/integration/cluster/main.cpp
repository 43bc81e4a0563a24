// The workbench's ClusterPanel test needs a QApplication for the whole run; offscreen, with
// settings in a throw-away location of this process only, never the developer's own.
#include <gtest/gtest.h>

#include <QApplication>
#include <QStandardPaths>

#include "tests/support/ProcessSettings.h"

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QStandardPaths::setTestModeEnabled(true);
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TweetLabTests");
  QApplication::setApplicationName("TweetLabClusterTests");
  const auto settings = tweetlab::testing::useProcessOwnSettings();
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
