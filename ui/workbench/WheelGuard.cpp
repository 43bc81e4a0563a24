#include "ui/workbench/WheelGuard.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QWidget>

namespace tweetlab::ui {
namespace {

class WheelFilter final : public QObject {
 public:
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() != QEvent::Wheel) return false;
    auto* widget = static_cast<QWidget*>(watched);
    if (widget->hasFocus()) return false;
    // Not for this control: ignored, the event goes on to its parent (the scroll area).
    event->ignore();
    return true;
  }
};

// One filter for the whole application, owned by it (never outliving the QApplication).
WheelFilter& filter() {
  static WheelFilter* instance = [] {
    auto* created = new WheelFilter;
    created->setParent(QCoreApplication::instance());
    return created;
  }();
  return *instance;
}

void guard(QWidget* control) {
  control->setFocusPolicy(Qt::StrongFocus);  // the wheel alone never focuses it
  control->installEventFilter(&filter());
}

}  // namespace

void guardWheel(QWidget* root) {
  for (auto* box : root->findChildren<QAbstractSpinBox*>()) guard(box);
  for (auto* combo : root->findChildren<QComboBox*>()) guard(combo);
}

}  // namespace tweetlab::ui
