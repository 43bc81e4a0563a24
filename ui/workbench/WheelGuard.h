#pragma once
// Scrolling a form with the mouse wheel must never edit it: spin boxes and drop-downs under
// `root` take the wheel only once focused (clicked or tabbed into); until then the wheel scrolls
// whatever holds them. Call again after adding controls (ParamsForm rebuilds per family).
class QWidget;

namespace tweetlab::ui {

void guardWheel(QWidget* root);

}  // namespace tweetlab::ui
