#pragma once
// A splitter whose sizes survive a restart: restored from AppSettings::splitterState(name) when
// there is one, saved each time the user drags it. Before the first drag it takes
// `defaultSizes` (proportions, e.g. {7, 3}) when given, else what its widgets ask for.
#include <QList>
#include <QString>

class QSplitter;

namespace tweetlab::ui {

void rememberSplitter(QSplitter* splitter, const QString& name,
                      const QList<int>& defaultSizes = {});

}  // namespace tweetlab::ui
