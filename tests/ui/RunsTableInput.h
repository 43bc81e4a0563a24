#pragma once
// Driving the Runs table as a user does: find a run's row, double-click a cell, type into the
// open cell editor. Shared by the Runs page tests.
#include <QApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMouseEvent>
#include <QTableView>

#include "ui/workbench/RunsTableModel.h"

namespace tweetlab::testing {

// The row of run `name` in `table`, or -1.
inline int rowNamed(const QTableView* table, const QString& name) {
  for (int r = 0; r < table->model()->rowCount(); ++r) {
    if (table->model()->index(r, ui::RunsTableModel::Name).data().toString() == name) return r;
  }
  return -1;
}

// Sends a left click and a double-click at the middle of `index`'s cell, as a mouse would.
inline void doubleClick(QTableView* table, const QModelIndex& index) {
  table->scrollTo(index);
  const QPointF at = table->visualRect(index).center();
  const QPointF global = table->viewport()->mapToGlobal(at);
  for (auto type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease,
                    QEvent::MouseButtonDblClick, QEvent::MouseButtonRelease}) {
    const auto buttons = type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton;
    QMouseEvent event(type, at, global, Qt::LeftButton, buttons, Qt::NoModifier);
    QApplication::sendEvent(table->viewport(), &event);
  }
}

// The open cell editor of `table`, or nullptr.
inline QLineEdit* cellEditor(const QTableView* table) {
  QLineEdit* editor = nullptr;
  for (auto* e : table->viewport()->findChildren<QLineEdit*>()) {
    if (e->isVisible()) editor = e;
  }
  return editor;
}

inline void pressReturn(QWidget* editor) {
  QKeyEvent enter(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
  QApplication::sendEvent(editor, &enter);
}

// The open cell editor of `table` takes `text` and Return, as typed. False when none is open.
inline bool typeIntoEditor(const QTableView* table, const QString& text) {
  auto* editor = cellEditor(table);
  if (!editor) return false;
  editor->setText(text);
  pressReturn(editor);
  return true;
}

}  // namespace tweetlab::testing
