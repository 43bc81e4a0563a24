#include "ui/workbench/FileDialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>

#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {
namespace {

// The folder a chosen path teaches: its parent for a file, itself for a directory.
void remember(const QString& kind, const QString& chosen, bool isDirectory) {
  if (chosen.isEmpty()) return;
  const QFileInfo info(chosen);
  AppSettings().setDialogFolder(kind, isDirectory ? info.absoluteFilePath() : info.absolutePath());
}

}  // namespace

QString startFolder(const QString& kind) {
  const QString saved = AppSettings().dialogFolder(kind);
  return !saved.isEmpty() && QFileInfo(saved).isDir() ? saved : QDir::homePath();
}

QString chooseOpenFile(QWidget* parent, const QString& kind, const QString& caption,
                       const QString& filter) {
  const auto file = QFileDialog::getOpenFileName(parent, caption, startFolder(kind), filter);
  remember(kind, file, false);
  return file;
}

QString chooseSaveFile(QWidget* parent, const QString& kind, const QString& caption,
                       const QString& suggestedName, const QString& filter) {
  const auto file = QFileDialog::getSaveFileName(
      parent, caption, QDir(startFolder(kind)).filePath(suggestedName), filter);
  remember(kind, file, false);
  return file;
}

QString chooseDirectory(QWidget* parent, const QString& kind, const QString& caption) {
  const auto dir = QFileDialog::getExistingDirectory(parent, caption, startFolder(kind));
  remember(kind, dir, true);
  return dir;
}

}  // namespace tweetlab::ui
