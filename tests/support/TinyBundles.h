#pragma once
// Small real bundles of each family (logreg, fasttext, cnn), trained once per test program on
// sample tweets, and the tools to damage copies of them the way a disk, a download or an
// attacker would: change a file and, for "corrupted but checksum-matching" bundles, recompute
// the manifest's checksums so that only the content checks stand between the file and the model.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>

#include "core/bundle/Bundle.h"
#include "core/common/Json.h"
#include "core/common/Sha256.h"
#include "core/models/Classifier.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"

namespace tweetlab::testing {

inline nlohmann::json tinyParams(const std::string& family) {
  if (family == "fasttext") return {{"dim", 10}, {"epochs", 3}, {"buckets", 2000}, {"seed", 3}};
  if (family == "cnn" || family == "bilstm") {
    return {{"embedding", "random"},
            {"dim", 16},
            {"hidden", 8},
            {"filters", 8},
            {"kernel_sizes", {2, 3}},
            {"epochs", 1},
            {"batch_size", 32},
            {"threads", 1},
            {"seed", 5},
            {"min_count", 1},
            {"max_length", 20}};
  }
  return {{"cv", 0}};
}

// A trained bundle of `family`, made once per program; copy it before changing anything.
inline const std::filesystem::path& tinyBundle(const std::string& family) {
  static TempDir dir;
  static std::map<std::string, std::filesystem::path> made;
  auto& path = made[family];
  if (path.empty()) {
    const auto fixture = sampleTweets(400, 11);
    auto model = models::makeClassifier(family, tinyParams(family));
    model->fit({fixture.texts, fixture.labels}, {fixture.texts, fixture.labels},
               train::silentObserver());
    bundle::BundleInfo info;
    info.name = "tiny-" + family;
    info.version = "1";
    path = dir / family;
    bundle::saveBundle(path, *model, text::PreprocessConfig{}, info);
  }
  return path;
}

inline std::filesystem::path copyOf(const std::filesystem::path& bundle,
                                    const std::filesystem::path& to) {
  std::filesystem::remove_all(to);
  std::filesystem::copy(bundle, to, std::filesystem::copy_options::recursive);
  return to;
}

inline std::string readBytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeBytes(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// Recomputes the manifest's SHA-256 of every file it lists (the files must be regular).
inline void rehashManifest(const std::filesystem::path& bundle) {
  auto manifest = readJsonFile(bundle / "manifest.json");
  for (auto& [path, sum] : manifest["files"].items()) sum = Sha256::ofFile(bundle / "model" / path);
  writeJsonFile(bundle / "manifest.json", manifest);
}

}  // namespace tweetlab::testing
