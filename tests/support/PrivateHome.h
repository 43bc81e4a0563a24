#pragma once
// A test program's own HOME and XDG folders, removed at exit. Qt's test mode alone keeps
// settings in ~/.qttest, which two test programs running at once (ctest -j, two worktrees)
// share: one's QSettings().clear() wiped the other's settings mid-test. Create this first in
// main(), before the QApplication, so that Qt, the run store (XDG_DATA_HOME) and everything
// else reads the private folders.
#include <cstdlib>
#include <filesystem>

#include "tests/support/TempDir.h"

namespace tweetlab::testing {

class PrivateHome {
 public:
  PrivateHome() {
    set("HOME", dir_.path());
    set("XDG_CONFIG_HOME", dir_.path() / ".config");
    set("XDG_DATA_HOME", dir_.path() / ".local" / "share");
    set("XDG_CACHE_HOME", dir_.path() / ".cache");
    set("XDG_STATE_HOME", dir_.path() / ".local" / "state");
    const auto runtime = dir_.path() / "runtime";
    set("XDG_RUNTIME_DIR", runtime);
    // Qt refuses a runtime folder others can read.
    std::filesystem::permissions(runtime, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
  }
  const std::filesystem::path& path() const { return dir_.path(); }

 private:
  static void set(const char* name, const std::filesystem::path& folder) {
    std::filesystem::create_directories(folder);
#ifdef _WIN32
    _putenv_s(name, folder.string().c_str());
#else
    ::setenv(name, folder.string().c_str(), 1);
#endif
  }
  TempDir dir_;
};

}  // namespace tweetlab::testing
