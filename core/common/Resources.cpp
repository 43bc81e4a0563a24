#include "core/common/Resources.h"

#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include "core/common/Errors.h"

#ifdef _WIN32
#define NOMINMAX
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#endif

namespace tweetlab {
namespace {

std::filesystem::path executableDir() {
#ifdef _WIN32
  // An installed TweetLab is <prefix>\bin\tweetlab.exe beside <prefix>\share\tweetlab.
  std::wstring buffer(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = ::GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (n == 0) return {};
    if (n < buffer.size()) return std::filesystem::path(buffer.substr(0, n)).parent_path();
    buffer.resize(buffer.size() * 2);
  }
#else
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path{} : exe.parent_path();
#endif
}

std::vector<std::filesystem::path> candidateRoots() {
  std::vector<std::filesystem::path> roots;
  if (const char* env = std::getenv("TWEETLAB_RESOURCE_DIR"); env != nullptr && *env != '\0') {
    roots.emplace_back(env);
  }
  if (auto dir = executableDir(); !dir.empty()) {
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
    if (std::filesystem::exists(candidate, ec)) return std::filesystem::weakly_canonical(candidate, ec);
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
