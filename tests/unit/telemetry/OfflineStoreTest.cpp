// The on-disk queue of undelivered telemetry: survives a restart, oldest first, bounded by size
// and age with every drop counted.
#include <gtest/gtest.h>

#include <fstream>

#include "core/telemetry/OfflineStore.h"
#include "tests/support/TempDir.h"

namespace tweetlab::telemetry {
namespace {

using Clock = std::chrono::system_clock;
using std::chrono::hours;
using std::chrono::seconds;

std::vector<std::string> items(const std::string& prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back(R"({"message":")" + prefix + std::to_string(i) + R"("})");
  return out;
}

TEST(OfflineStore, BatchesSurviveANewInstanceAndComeBackOldestFirst) {
  testing::TempDir dir;
  const auto t0 = Clock::now();
  {
    OfflineStore store(dir.path(), {});
    EXPECT_TRUE(store.save(items("a", 2), t0).empty());
    EXPECT_TRUE(store.save(items("b", 3), t0 + seconds(1)).empty());
  }
  OfflineStore store(dir.path(), {});  // "after a restart"
  EXPECT_EQ(store.fileCount(), 2u);
  EXPECT_EQ(store.itemCount(), 5u);
  std::vector<StoreDrops> drops;
  auto first = store.oldest(t0 + seconds(2), drops);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->items, items("a", 2));
  store.remove(*first);
  auto second = store.oldest(t0 + seconds(2), drops);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->items, items("b", 3));
  store.replace(*second, {second->items[2]});  // partial success: one item left
  auto rest = store.oldest(t0 + seconds(2), drops);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->items, std::vector<std::string>{items("b", 3)[2]});
  store.replace(*rest, {});
  EXPECT_FALSE(store.oldest(t0, drops));
  EXPECT_TRUE(drops.empty());
}

TEST(OfflineStore, SizeLimitDropsOldestFilesFirstAndCountsTheItems) {
  testing::TempDir dir;
  const auto one = items("x", 10);
  std::size_t batchBytes = 0;
  for (const auto& i : one) batchBytes += i.size() + 1;
  OfflineStore store(dir.path(), {batchBytes * 3, hours(47)});
  const auto t0 = Clock::now();
  std::size_t dropped = 0;
  for (int b = 0; b < 5; ++b) {
    for (const auto& d :
         store.save(items("batch" + std::to_string(b) + "-", 10), t0 + seconds(b))) {
      EXPECT_EQ(d.reason, "over the store's size limit");
      dropped += d.items;
    }
    EXPECT_LE(store.totalBytes(), batchBytes * 3 + 20);
  }
  EXPECT_GT(dropped, 0u);
  EXPECT_EQ(store.itemCount() + dropped, 50u);
  std::vector<StoreDrops> drops;
  const auto oldestLeft = store.oldest(t0 + seconds(5), drops);
  ASSERT_TRUE(oldestLeft);
  // The newest batches stay.
  EXPECT_NE(oldestLeft->items[0].find("batch" + std::to_string(5 - store.fileCount())),
            std::string::npos);
}

TEST(OfflineStore, FilesOlderThanTheAgeLimitAreDroppedAndReported) {
  testing::TempDir dir;
  OfflineStore store(dir.path(), {1024 * 1024, hours(47)});
  const auto t0 = Clock::now() - hours(48);
  store.save(items("old", 4), t0);
  // Checked on every save and every read: here the next save finds the old file expired.
  auto drops = store.save(items("new", 1), Clock::now());
  const auto batch = store.oldest(Clock::now(), drops);
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->items, items("new", 1));
  ASSERT_EQ(drops.size(), 1u);
  EXPECT_EQ(drops[0].items, 4u);
  EXPECT_EQ(drops[0].reason, "older than the store's age limit");
}

TEST(OfflineStore, TornTemporaryFilesFromACrashAreIgnoredAndCleaned) {
  testing::TempDir dir;
  dir.write("000000000000001-000000-00000000.aibatch.tmp", "{\"half");
  OfflineStore store(dir.path(), {});
  EXPECT_EQ(store.fileCount(), 0u);
  EXPECT_FALSE(std::filesystem::exists(dir / "000000000000001-000000-00000000.aibatch.tmp"));
}

}  // namespace
}  // namespace tweetlab::telemetry
