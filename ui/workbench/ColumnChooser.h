#pragma once
// Right-click on a table's header: a checkable menu of its columns. The columns the user hides
// are kept in AppSettings under the table's name (by header title, so a column added in a later
// version or per evaluation set is shown until hidden) and hidden again whenever the model is
// reset, as the Runs table is on each refresh.
#include <QObject>
#include <QString>

class QMenu;
class QTableView;

namespace tweetlab::ui {

class ColumnChooser : public QObject {
  Q_OBJECT

 public:
  ColumnChooser(QTableView* table, QString name);

  // The menu the header's context menu shows (one checkable action per column), open at `pos`.
  QMenu* popup(const QPoint& globalPos);

 private:
  void applyHidden();
  void setShown(int column, bool shown);

  QTableView* table_;
  QString name_;
};

}  // namespace tweetlab::ui
