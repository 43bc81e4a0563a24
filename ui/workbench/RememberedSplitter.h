#pragma once
// A splitter whose sizes survive a restart: restored from AppSettings::splitterState(name) when
// there is one, saved each time the user drags it.
#include <QString>

class QSplitter;

namespace tweetlab::ui {

void rememberSplitter(QSplitter* splitter, const QString& name);

}  // namespace tweetlab::ui
