#pragma once
// The Runs page's table: one row per run, sortable on the raw values (numbers as numbers, missing
// metrics last), several rows selectable. Replacing the runs keeps the user's selection.
#include <QStringList>
#include <QTableView>
#include <vector>

#include "core/tracking/RunQuery.h"

class QSortFilterProxyModel;

namespace tweetlab::ui {

class RunsTableModel;

class RunsTable : public QTableView {
  Q_OBJECT

 public:
  explicit RunsTable(QWidget* parent = nullptr);

  // Shows `runs`, keeping selected those still listed; emits no selectionChanged on the way.
  // `editable`: their names and notes may be edited (double-click or F2 on the cell).
  void setRuns(std::vector<tracking::RunSummary> runs, bool editable = false);
  int runCount() const;
  QStringList selectedRunIds() const;
  std::vector<tracking::RunSummary> selectedRuns() const;
  void selectRuns(const QStringList& ids);
  RunsTableModel* runsModel() const { return model_; }

 signals:
  void runSelectionChanged();

 private:
  RunsTableModel* model_;
  QSortFilterProxyModel* proxy_;
};

}  // namespace tweetlab::ui
