#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "core/text/SnowballStemmer.h"

namespace tweetlab::text {
namespace {

TEST(SnowballStemmer, KnownEnglishStems) {
  const SnowballStemmer s;
  EXPECT_EQ(s.stem("studies"), "studi");
  EXPECT_EQ(s.stem("running"), "run");
  EXPECT_EQ(s.stem("generously"), "generous");
  EXPECT_EQ(s.stem("happiness"), "happi");
  EXPECT_EQ(s.stem("loved"), "love");
  EXPECT_EQ(s.stem("cars"), "car");
  EXPECT_EQ(s.stem("n't"), "n't");
  EXPECT_EQ(s.stem(""), "");
  EXPECT_EQ(s.stem("caf\u00e9s"), "caf\u00e9");
}

TEST(SnowballStemmer, ConstStemIsSafeFromManyThreads) {
  const SnowballStemmer s;
  const std::vector<std::pair<std::string, std::string>> cases{
      {"studies", "studi"}, {"running", "run"}, {"generously", "generous"}, {"happiness", "happi"}};
  std::vector<int> failures(4, 0);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 5000; ++i) {
          const auto& [word, stem] = cases[static_cast<std::size_t>((i + t) % 4)];
          if (s.stem(word) != stem) ++failures[static_cast<std::size_t>(t)];
        }
      });
    }
  }
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace tweetlab::text
