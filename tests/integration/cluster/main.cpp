// The workbench's ClusterPanel test needs a QApplication for the whole run; offscreen, with
// settings in a throw-away location (QStandardPaths' test mode), never the developer's own.
#include <gtest/gtest.h>

#include <QApplication>
#include <QStandardPaths>

#include "tests/support/PrivateHome.h"

int main(int argc, char** argv) {
  // Settings and run stores go to this program's own folders: never the developer's, never
  // another test program's running at the same time.
  const tweetlab::testing::PrivateHome home;
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QStandardPaths::setTestModeEnabled(true);
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TweetLabTests");
  QApplication::setApplicationName("TweetLabClusterTests");
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
