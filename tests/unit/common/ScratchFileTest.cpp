#include <gtest/gtest.h>

#include <fstream>

#include "core/common/ScratchFile.h"

namespace tweetlab {
namespace {

namespace fs = std::filesystem;

TEST(ScratchFile, WrittenFileIsGoneWhenTheScopeEnds) {
  fs::path path;
  {
    const ScratchFile scratch("scratchtest");
    path = scratch.path();
    EXPECT_EQ(path.parent_path(), fs::temp_directory_path());
    EXPECT_NE(path.filename().string().find("tweetlab-scratchtest-"), std::string::npos);
    std::ofstream(path) << "__label__1 a tweet\n";
    ASSERT_TRUE(fs::exists(path));
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(ScratchFile, TwoAtOnceNeverShareAName) {
  const ScratchFile first("scratchtest");
  const ScratchFile second("scratchtest");
  EXPECT_NE(first.path(), second.path());
}

}  // namespace
}  // namespace tweetlab
