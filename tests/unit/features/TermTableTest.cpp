#include <gtest/gtest.h>

#include <string>

#include "core/features/TermTable.h"

namespace tweetlab::features {
namespace {

TEST(TermTable, IdsCountUpInTheOrderTermsAreFirstSeen) {
  TermTable t;
  EXPECT_EQ(t.find("good"), TermTable::kAbsent);
  EXPECT_EQ(t.intern("good"), 0u);
  EXPECT_EQ(t.intern("bad"), 1u);
  EXPECT_EQ(t.intern("good"), 0u);
  EXPECT_EQ(t.intern(""), 2u);  // the empty term is a term like any other
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.find("bad"), 1u);
  EXPECT_EQ(t.find("ba"), TermTable::kAbsent);
  EXPECT_EQ(t.term(0), "good");
  EXPECT_EQ(t.term(2), "");
}

// Growing rehashes the slots many times over; every term must keep its id and its bytes, and
// terms that share a prefix or differ only in length must stay apart.
TEST(TermTable, KeepsEveryTermThroughGrowth) {
  TermTable t;
  const std::uint32_t n = 100'000;
  for (std::uint32_t i = 0; i < n; ++i) {
    ASSERT_EQ(t.intern("w" + std::to_string(i)), i);
  }
  EXPECT_EQ(t.size(), n);
  for (std::uint32_t i = 0; i < n; i += 997) {
    EXPECT_EQ(t.find("w" + std::to_string(i)), i);
    EXPECT_EQ(t.term(i), "w" + std::to_string(i));
  }
  EXPECT_EQ(t.find("w" + std::to_string(n)), TermTable::kAbsent);
  t.reserve(4 * n);  // a rehash on demand keeps them too
  EXPECT_EQ(t.find("w99999"), 99'999u);
  t.clear();
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.find("w1"), TermTable::kAbsent);
  EXPECT_EQ(t.intern("w1"), 0u);
}

}  // namespace
}  // namespace tweetlab::features
