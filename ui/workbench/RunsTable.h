#pragma once
// The Runs page's table: one row per run, sortable on the raw values (numbers as numbers, missing
// metrics last), several rows selectable. Replacing the runs keeps the user's selection, and
// never closes a cell editor the user is typing in (a listing that arrives meanwhile waits).
#include <QStringList>
#include <QTableView>
#include <optional>
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
  // While a cell editor is open the runs are held and shown when it closes (runsShown then).
  void setRuns(std::vector<tracking::RunSummary> runs, bool editable = false);
  bool holdsListing() const { return held_.has_value(); }
  int runCount() const;
  QStringList selectedRunIds() const;
  std::vector<tracking::RunSummary> selectedRuns() const;
  void selectRuns(const QStringList& ids);
  RunsTableModel* runsModel() const { return model_; }

 signals:
  void runSelectionChanged();
  void runsShown();  // a listing held while a cell was edited is now shown

 protected:
  void closeEditor(QWidget* editor, QAbstractItemDelegate::EndEditHint hint) override;

 private:
  struct Listing {
    std::vector<tracking::RunSummary> runs;
    bool editable = false;
  };
  void show(Listing listing);
  void keepEdit(const QString& runId, int column, const QString& text);

  RunsTableModel* model_;
  QSortFilterProxyModel* proxy_;
  std::optional<Listing> held_;  // arrived while a cell editor was open
};

}  // namespace tweetlab::ui
