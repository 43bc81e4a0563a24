#include <gtest/gtest.h>

#include "core/common/Json.h"
#include "core/data/DatasetLoader.h"
#include "core/data/Digest.h"
#include "core/data/SplitExport.h"
#include "tests/support/TempDir.h"

namespace tweetlab::data {
namespace {

TEST(SplitExport, RoundTripsThroughTheCsvReader) {
  Dataset d;
  const std::vector<std::string> tricky{"plain",
                                        "comma, inside",
                                        "\"quoted\" words",
                                        "new\nline",
                                        "caf\xC3\xA9 \xF0\x9F\x98\x80",
                                        "tab\there",
                                        "x",
                                        "y"};
  for (std::size_t i = 0; i < tricky.size(); ++i)
    d.rows.push_back({tricky[i], static_cast<int>(i % 2)});
  const auto split = stratifiedSplit(d, {0.5, 0.25, 0.25}, 3);
  testing::TempDir dir;
  exportSplit(split, dir.path() / "out");
  for (const auto& [name, part] : {std::pair<std::string, const Dataset*>{"train", &split.train},
                                   {"val", &split.val},
                                   {"test", &split.test}}) {
    const auto back = loadDataset(dir.path() / "out" / (name + ".csv"));
    EXPECT_EQ(back.report.skippedCount, 0u);
    EXPECT_EQ(back.dataset.texts(), part->texts()) << name;
    EXPECT_EQ(back.dataset.labels(), part->labels()) << name;
  }
  const auto meta = readJsonFile(dir.path() / "out" / "split.json");
  EXPECT_EQ(meta["dataset_digest"], datasetDigest(d));
  EXPECT_EQ(meta["seed"], 3);
  EXPECT_EQ(meta["parts"]["train"]["rows"], split.train.size());
  EXPECT_EQ(meta["parts"]["val"]["sha256"], datasetDigest(split.val));
}

}  // namespace
}  // namespace tweetlab::data
