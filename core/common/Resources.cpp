#include "core/common/Resources.h"

#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include "core/common/Errors.h"
#include "core/common/Platform.h"

namespace tweetlab {
namespace {

std::vector<std::filesystem::path> candidateRoots() {
  std::vector<std::filesystem::path> roots;
  if (const char* env = std::getenv("TWEETLAB_RESOURCE_DIR"); env != nullptr && *env != '\0') {
    roots.emplace_back(env);
  }
  // An installed TweetLab is <prefix>/bin/tweetlab beside <prefix>/share/tweetlab; a build tree
  // has the sources two levels up.
  if (auto dir = platform::executablePath().parent_path(); !dir.empty()) {
    roots.push_back(dir / ".." / "share" / "tweetlab");
    roots.push_back(dir / ".." / ".." / "resources");
  }
#ifdef TWEETLAB_SOURCE_RESOURCES
  roots.emplace_back(TWEETLAB_SOURCE_RESOURCES);
#endif
  return roots;
}

}  // namespace

std::optional<std::filesystem::path> findResource(std::string_view relative) {
  for (const auto& root : candidateRoots()) {
    std::error_code ec;
    auto candidate = root / relative;
    if (std::filesystem::exists(candidate, ec))
      return std::filesystem::weakly_canonical(candidate, ec);
  }
  return std::nullopt;
}

std::filesystem::path requireResource(std::string_view relative) {
  if (auto found = findResource(relative)) return *found;
  std::string looked;
  for (const auto& root : candidateRoots()) looked += "\n  " + (root / relative).string();
  throw IoError("resource '" + std::string(relative) + "' not found; looked in:" + looked);
}

std::filesystem::path bundledSamplePath() {
  return requireResource("data/sentiment140_sample.csv");
}

}  // namespace tweetlab
