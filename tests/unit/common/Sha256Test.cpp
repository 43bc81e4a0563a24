#include <gtest/gtest.h>

#include "core/common/Sha256.h"

namespace tweetlab {
namespace {

// FIPS 180-2 test vectors: the digest a dataset's reproducibility depends on.
TEST(Sha256, MatchesPublishedVectors) {
  EXPECT_EQ(Sha256::of(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256::of("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  Sha256 sha;
  sha.update("ab");
  sha.update("c");
  EXPECT_EQ(sha.hexDigest(), Sha256::of("abc"));
}

}  // namespace
}  // namespace tweetlab
