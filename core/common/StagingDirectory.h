#pragma once
// A directory (a model bundle) is written beside its final place and renamed into it, so that a
// crash never leaves half of one: TARGET.partial-<pid> while it is written, TARGET.previous-<pid>
// holding the old one during the swap. A process killed with SIGKILL leaves them behind; the
// next save, or the run store when it finds the run's process dead, cleans them up.
#include <filesystem>
#include <string>
#include <string_view>

namespace tweetlab {

enum class StagingKind { Partial, Previous };

// TARGET.partial-<this process's id> or TARGET.previous-<id>.
std::filesystem::path stagingPath(const std::filesystem::path& target, StagingKind kind);

// True for a name such as "model.partial-4242" or "model.previous-17".
bool isStagingName(std::string_view name);

// Removes TARGET.partial-<pid> and TARGET.previous-<pid> left by processes that no longer run.
// When TARGET itself is missing and an abandoned TARGET.previous-<pid> exists, the swap was cut
// between its two renames: the previous directory is moved back instead. Best effort: never
// throws. Returns how many it removed or restored.
int recoverAbandonedStaging(const std::filesystem::path& target);

}  // namespace tweetlab
