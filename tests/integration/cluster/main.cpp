// The cluster tests run tweetlab-cli as a user would; its run stores and settings go to this
// program's own HOME and XDG folders, never the developer's, never another test program's.
#include <gtest/gtest.h>

#include "tests/support/PrivateHome.h"

int main(int argc, char** argv) {
  const tweetlab::testing::PrivateHome home;
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
