#pragma once
// File dialogs that open where the same kind of dialog was last used ("dataset", "bundle",
// "glove", ...), remembered across restarts (AppSettings::dialogFolder), instead of always in
// the home folder. An empty result means the user cancelled.
#include <QString>

class QWidget;

namespace tweetlab::ui {

QString chooseOpenFile(QWidget* parent, const QString& kind, const QString& caption,
                       const QString& filter = {});
QString chooseSaveFile(QWidget* parent, const QString& kind, const QString& caption,
                       const QString& suggestedName, const QString& filter = {});
QString chooseDirectory(QWidget* parent, const QString& kind, const QString& caption);

// Where a dialog of this kind starts: the remembered folder when it still exists, else home.
QString startFolder(const QString& kind);

}  // namespace tweetlab::ui
