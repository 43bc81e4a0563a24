#pragma once
// Help menu: the user guide (docs/user-guide.md, installed with the program) in a window of its
// own, and About with the same version report as `tweetlab --version` (app version, commit, Qt,
// LibTorch and the other libraries), so support gets one answer whichever the user opens.
#include <QString>

class QWidget;

namespace tweetlab::ui {

QString aboutText();
// docs/user-guide.md as installed (<share>/tweetlab/doc) or in the source tree; empty if neither.
QString userGuidePath();
// A non-modal window showing the guide with its screenshots; null when the guide is missing.
QWidget* showUserGuide(QWidget* parent);

}  // namespace tweetlab::ui
