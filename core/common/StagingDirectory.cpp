#include "core/common/StagingDirectory.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <system_error>
#include <vector>

#include "core/common/Platform.h"

namespace tweetlab {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kPartial = ".partial-";
constexpr std::string_view kPrevious = ".previous-";

// The pid after `marker` at the end of `name`, or -1.
std::int64_t pidAfter(std::string_view name, std::string_view marker) {
  const auto at = name.rfind(marker);
  if (at == std::string_view::npos || at == 0) return -1;
  const auto digits = name.substr(at + marker.size());
  if (digits.empty() || digits.size() > 18 ||
      !std::all_of(digits.begin(), digits.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
    return -1;
  }
  return std::stoll(std::string(digits));
}

}  // namespace

fs::path stagingPath(const fs::path& target, StagingKind kind) {
  const auto marker = kind == StagingKind::Partial ? kPartial : kPrevious;
  return fs::path(target.string() + std::string(marker) + std::to_string(platform::processId()));
}

bool isStagingName(std::string_view name) {
  return pidAfter(name, kPartial) >= 0 || pidAfter(name, kPrevious) >= 0;
}

int recoverAbandonedStaging(const fs::path& target) {
  std::error_code ec;
  const auto absolute = fs::absolute(target, ec).lexically_normal();
  if (ec) return 0;
  const auto parent = absolute.parent_path();
  const auto prefix = absolute.filename().string();
  std::vector<std::pair<fs::path, bool>> abandoned;  // path, is a previous copy
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const auto rest = std::string_view(name).substr(prefix.size());
    for (const auto marker : {kPartial, kPrevious}) {
      if (rest.substr(0, marker.size()) != marker) continue;
      const auto pid = pidAfter(name, marker);
      if (pid < 0 || pid == platform::processId() || platform::processAlive(pid)) continue;
      abandoned.emplace_back(it->path(), marker == kPrevious);
    }
  }
  int recovered = 0;
  // Restore first, so that a partial copy is never mistaken for the bundle.
  std::sort(abandoned.begin(), abandoned.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [path, previous] : abandoned) {
    std::error_code step;
    if (previous && !fs::exists(absolute, step)) {
      fs::rename(path, absolute, step);
    } else {
      fs::remove_all(path, step);
    }
    if (!step) ++recovered;
  }
  return recovered;
}

}  // namespace tweetlab
