#include "ui/workbench/RememberedSplitter.h"

#include <QSplitter>

#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {

void rememberSplitter(QSplitter* splitter, const QString& name, const QList<int>& defaultSizes) {
  splitter->setObjectName(name);
  const QByteArray saved = AppSettings().splitterState(name);
  // setSizes before the first layout is taken as proportions of whatever height the pane gets.
  if (saved.isEmpty() || !splitter->restoreState(saved)) {
    if (!defaultSizes.isEmpty()) splitter->setSizes(defaultSizes);
  }
  // Saved as the user drags (not at exit), so a killed session keeps the layout too.
  QObject::connect(splitter, &QSplitter::splitterMoved, splitter, [splitter, name] {
    AppSettings().setSplitterState(name, splitter->saveState());
  });
}

}  // namespace tweetlab::ui
