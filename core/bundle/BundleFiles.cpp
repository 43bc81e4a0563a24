#include "core/bundle/BundleFiles.h"

#include <algorithm>
#include <system_error>

#include "core/common/Errors.h"
#include "core/common/Sha256.h"
#include "core/text/Utf8.h"

namespace tweetlab::bundle {
namespace fs = std::filesystem;
namespace {

bool isWithin(const fs::path& candidate, const fs::path& base) {
  const auto rel = candidate.lexically_relative(base);
  return !rel.empty() && rel != "." && *rel.begin() != "..";
}

}  // namespace

bool isPathInside(std::string_view relative) {
  if (relative.empty() || relative.size() > 1024 || !text::utf8::isPrintable(relative))
    return false;
  if (relative.find('\\') != std::string_view::npos) return false;  // a separator on Windows
  if (relative.find(':') != std::string_view::npos) return false;   // a drive or stream name
  if (relative.front() == '/') return false;
  std::size_t start = 0;
  while (start <= relative.size()) {
    const auto end = std::min(relative.find('/', start), relative.size());
    const auto segment = relative.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == ".." || segment.size() > 255) return false;
    start = end + 1;
  }
  return true;
}

fs::path regularFileInside(const fs::path& root, std::string_view relative) {
  const auto file = root / fs::path(std::string(relative));
  if (!isPathInside(relative)) {
    throw FormatError("\"" + text::utf8::printable(relative, 60) +
                      "\" is not a relative path inside " + root.string());
  }
  std::error_code ec;
  const auto base = fs::canonical(root, ec);
  if (ec) throw FormatError(root.string() + ": cannot open: " + ec.message());
  const auto resolved = fs::weakly_canonical(file, ec);
  if (ec) throw FormatError(file.string() + ": cannot open: " + ec.message());
  if (!isWithin(resolved, base)) throw FormatError(file.string() + " is a link out of the bundle");
  const auto status = fs::status(resolved, ec);
  if (!fs::exists(status)) throw FormatError("bundle file missing: " + file.string());
  if (!fs::is_regular_file(status)) {
    throw FormatError(file.string() + " is not a regular file (a directory, device or pipe)");
  }
  return resolved;
}

void verifyModelFiles(const fs::path& modelDir,
                      const std::map<std::string, std::string>& sha256ByPath) {
  std::error_code ec;
  if (!fs::is_directory(modelDir, ec))
    throw FormatError("bundle has no model folder: " + modelDir.string());
  for (const auto& [path, expected] : sha256ByPath) {
    const auto file = regularFileInside(modelDir, path);
    if (Sha256::ofFile(file) != expected) {
      throw FormatError("bundle file corrupt (SHA-256 differs from the manifest): " +
                        (modelDir / path).string());
    }
  }
  fs::recursive_directory_iterator it(modelDir, ec);
  if (ec) throw FormatError(modelDir.string() + ": cannot list: " + ec.message());
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) throw FormatError(modelDir.string() + ": cannot list: " + ec.message());
    std::error_code statusError;
    if (it->is_directory(statusError)) continue;
    const auto relative = it->path().lexically_relative(modelDir).generic_string();
    if (sha256ByPath.count(relative) == 0) {
      throw FormatError("bundle file " + text::utf8::printable(it->path().string(), 200) +
                        " is not listed in the manifest (changed or added after export?)");
    }
  }
  if (ec) throw FormatError(modelDir.string() + ": cannot list: " + ec.message());
}

}  // namespace tweetlab::bundle
