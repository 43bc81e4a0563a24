// Running another program to its end (how core/cluster drives sbatch, squeue, sacct, scontrol):
// both output streams captured in full, stdin fed, the exit status kept, a missing program named.
#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/common/Subprocess.h"

namespace tweetlab::platform {
namespace {

TEST(Subprocess, CapturesBothStreamsAndTheExitStatus) {
  const auto r = runProgram({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exitCode, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
}

TEST(Subprocess, FeedsStdinAndDrainsLargeOutputWithoutDeadlock) {
  // 2 MB through stdin and back on both streams: more than any pipe buffer holds.
  const std::string input(2 << 20, 'x');
  const auto r = runProgram({"sh", "-c", "tee /dev/stderr"}, input);
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.out.size(), input.size());
  EXPECT_EQ(r.err.size(), input.size());
}

TEST(Subprocess, AProgramThatIgnoresItsInputOrDiesIsReported) {
  const auto ignoring = runProgram({"true"}, std::string(1 << 20, 'y'));  // no SIGPIPE for us
  EXPECT_EQ(ignoring.exitCode, 0);
  const auto killed = runProgram({"sh", "-c", "kill -9 $$"});
  EXPECT_EQ(killed.exitCode, 128 + 9);
  try {
    runProgram({"tweetlab-no-such-program"});
    ADD_FAILURE() << "a missing program ran";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("tweetlab-no-such-program"), std::string::npos);
  }
}

}  // namespace
}  // namespace tweetlab::platform
