#include "core/data/Digest.h"

#include "core/common/Sha256.h"

namespace tweetlab::data {

std::string datasetDigest(const Dataset& dataset) {
  Sha256 sha;
  for (const auto& row : dataset.rows) {
    sha.update(row.label == kPositive ? "1\t" : "0\t");
    sha.update(row.text);
    sha.update("\n");
  }
  return sha.hexDigest();
}

}  // namespace tweetlab::data
