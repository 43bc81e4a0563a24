#include "ui/workbench/RememberedSplitter.h"

#include <QSplitter>

#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {

void rememberSplitter(QSplitter* splitter, const QString& name) {
  splitter->setObjectName(name);
  const QByteArray saved = AppSettings().splitterState(name);
  if (!saved.isEmpty()) splitter->restoreState(saved);
  // Saved as the user drags (not at exit), so a killed session keeps the layout too.
  QObject::connect(splitter, &QSplitter::splitterMoved, splitter, [splitter, name] {
    AppSettings().setSplitterState(name, splitter->saveState());
  });
}

}  // namespace tweetlab::ui
