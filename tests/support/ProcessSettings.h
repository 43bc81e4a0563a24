#pragma once
// QSettings for one test process only. QStandardPaths' test mode moves settings away from the
// developer's own, but to one file per application name (~/.qttest/config/...), shared by every
// process of the same test binary: the lead's ctest and a helper's run in another worktree, or two
// runs of one binary. A fixture's QSettings().clear() in one process then wipes the data
// directory, API URL and connection string another process just set, in the middle of its test.
// Call before the first QSettings is made; the folder is removed when the returned object goes.
#include <QSettings>
#include <QTemporaryDir>
#include <memory>

namespace tweetlab::testing {

inline std::unique_ptr<QTemporaryDir> useProcessOwnSettings() {
  auto dir = std::make_unique<QTemporaryDir>();
  if (!dir->isValid())
    qFatal("no temporary folder for the test's settings: %s", qPrintable(dir->errorString()));
  for (const auto format : {QSettings::NativeFormat, QSettings::IniFormat}) {
    QSettings::setPath(format, QSettings::UserScope, dir->path());
    QSettings::setPath(format, QSettings::SystemScope, dir->path());
  }
  return dir;
}

}  // namespace tweetlab::testing
