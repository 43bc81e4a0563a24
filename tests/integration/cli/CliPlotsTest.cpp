// --plots DIR is a request for files, whether or not the run is tracked: bench/domain/run.sh
// evaluates with --no-track --plots and stopped there when evaluate refused the pair.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/support/ChildProcess.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"
#include "tests/support/TinyBundles.h"

namespace tweetlab {
namespace {

std::string readText(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CliPlots, EvaluateDrawsTheReliabilityDiagramWithoutTracking) {
  testing::TempDir dir;
  const auto target = testing::targetSamplePath();
  testing::ChildProcess cli(
      {TWEETLAB_CLI, "evaluate", "--bundle", testing::tinyBundle("logreg").string(), "--data",
       "target=" + target.string(), "--no-track", "--store", (dir / "store").string(), "--plots",
       (dir / "out").string(), "--json"},
      dir / "log.txt", {"QT_QPA_PLATFORM=offscreen"});
  const auto status = cli.wait(std::chrono::minutes(5));  // a hang fails here, not a slow run
  ASSERT_TRUE(status.has_value()) << "tweetlab-cli evaluate did not exit";
  EXPECT_EQ(*status, 0) << readText(dir / "log.txt");
  EXPECT_GT(std::filesystem::file_size(dir / "out/plots/reliability.png"), 0u);
  EXPECT_FALSE(std::filesystem::exists(dir / "store"));  // --no-track: no run recorded
}

}  // namespace
}  // namespace tweetlab
