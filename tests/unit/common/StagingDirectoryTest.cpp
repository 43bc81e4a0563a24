#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "core/common/Platform.h"
#include "core/common/StagingDirectory.h"
#include "tests/support/TempDir.h"

namespace tweetlab {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// A process id that is certainly dead: a child that has exited and been reaped.
std::int64_t deadPid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

void makeDir(const fs::path& dir, const std::string& marker) {
  fs::create_directories(dir);
  std::ofstream(dir / "marker") << marker;
}

TEST(StagingDirectory, NamesCarryTheProcessId) {
  const auto p = stagingPath("/x/model", StagingKind::Partial);
  EXPECT_EQ(p, fs::path("/x/model.partial-" + std::to_string(platform::processId())));
  EXPECT_TRUE(isStagingName(p.filename().string()));
  EXPECT_TRUE(isStagingName("model.previous-17"));
  EXPECT_FALSE(isStagingName("model"));
  EXPECT_FALSE(isStagingName("model.partial-"));
  EXPECT_FALSE(isStagingName("notes.partial-12a"));
}

TEST(StagingDirectory, RemovesWhatDeadProcessesLeftAndKeepsTheLiving) {
  TempDir dir;
  const auto target = dir.path() / "model";
  makeDir(target, "current");
  const auto dead = std::to_string(deadPid());
  makeDir(dir.path() / ("model.partial-" + dead), "half");
  makeDir(dir.path() / ("model.previous-" + dead), "old");
  makeDir(dir.path() / "model.partial-1", "init is alive");  // pid 1 always runs
  makeDir(dir.path() / ("other.partial-" + dead), "not ours");
  EXPECT_EQ(recoverAbandonedStaging(target), 2);
  EXPECT_FALSE(fs::exists(dir.path() / ("model.partial-" + dead)));
  EXPECT_FALSE(fs::exists(dir.path() / ("model.previous-" + dead)));
  EXPECT_TRUE(fs::exists(dir.path() / "model.partial-1"));
  EXPECT_TRUE(fs::exists(dir.path() / ("other.partial-" + dead)));
  std::ifstream in(target / "marker");
  std::string marker;
  in >> marker;
  EXPECT_EQ(marker, "current");
}

TEST(StagingDirectory, ASwapCutBetweenItsRenamesGetsThePreviousCopyBack) {
  TempDir dir;
  const auto target = dir.path() / "bundle";
  const auto dead = std::to_string(deadPid());
  makeDir(dir.path() / ("bundle.previous-" + dead), "old");
  makeDir(dir.path() / ("bundle.partial-" + dead), "new-but-unfinished");
  EXPECT_EQ(recoverAbandonedStaging(target), 2);
  std::ifstream in(target / "marker");
  std::string marker;
  in >> marker;
  EXPECT_EQ(marker, "old");
  EXPECT_FALSE(fs::exists(dir.path() / ("bundle.partial-" + dead)));
}

}  // namespace
}  // namespace tweetlab
