#include "ui/workbench/RunsTable.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSortFilterProxyModel>

#include "ui/workbench/ColumnChooser.h"
#include "ui/workbench/RunsTableModel.h"

namespace tweetlab::ui {
namespace {

// Sorts on the raw value the model gives for Qt::UserRole.
class RunsProxy : public QSortFilterProxyModel {
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;

 protected:
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
    const auto a = left.data(Qt::UserRole);
    const auto b = right.data(Qt::UserRole);
    if (a.typeId() == QMetaType::Double || a.typeId() == QMetaType::LongLong)
      return a.toDouble() < b.toDouble();
    return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
  }
};

}  // namespace

RunsTable::RunsTable(QWidget* parent)
    : QTableView(parent), model_(new RunsTableModel(this)), proxy_(new RunsProxy(this)) {
  setObjectName("runsTable");
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(Qt::UserRole);
  setModel(proxy_);
  setSortingEnabled(true);
  sortByColumn(RunsTableModel::Started, Qt::DescendingOrder);
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setSelectionMode(QAbstractItemView::ExtendedSelection);
  horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  horizontalHeader()->setStretchLastSection(true);
  verticalHeader()->hide();
  // Compact rows, one line per run: a laptop screen shows a dozen runs, not three.
  const int rowHeight = fontMetrics().height() + 6;
  verticalHeader()->setMinimumSectionSize(rowHeight);
  verticalHeader()->setDefaultSectionSize(rowHeight);
  verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  setWordWrap(false);
  setAlternatingRowColors(true);
  setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  new ColumnChooser(this, QStringLiteral("runs"));  // right-click the header to hide columns
  connect(selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &RunsTable::runSelectionChanged);
  connect(model_, &RunsTableModel::runEdited, this, &RunsTable::keepEdit);
}

// A listing lands whenever a save, a finished run or a refresh asks for one, and resetting the
// model closes an open cell editor: the user's half-typed name or notes would be lost. The
// listing is held until the editor closes instead of being merged row by row into the model:
// a listing may add and remove runs and the per-evaluation-set columns, and the model's rows
// under an open editor must not move. Holding costs only a moment's delay of the new rows.
void RunsTable::setRuns(std::vector<tracking::RunSummary> runs, bool editable) {
  if (state() == QAbstractItemView::EditingState) {
    held_ = Listing{std::move(runs), editable};
    return;
  }
  held_.reset();
  show({std::move(runs), editable});
}

void RunsTable::show(Listing listing) {
  // The selection as it is now, not as it was when the listing started: the user may have
  // picked runs while the store was being read.
  const auto keep = selectedRunIds();
  const QSignalBlocker blocker(selectionModel());
  model_->setRuns(std::move(listing.runs), listing.editable);
  selectRuns(keep);
}

// The held listing was read before this edit was saved: it gets the edit, or the table would
// show the old text until the save's own listing arrives.
void RunsTable::keepEdit(const QString& runId, int column, const QString& text) {
  if (!held_) return;
  for (auto& run : held_->runs) {
    if (QString::fromStdString(run.id) != runId) continue;
    (column == RunsTableModel::Name ? run.runName : run.notes) = text.toStdString();
  }
}

void RunsTable::closeEditor(QWidget* editor, QAbstractItemDelegate::EndEditHint hint) {
  QTableView::closeEditor(editor, hint);  // the edit was committed (or dropped) before this
  if (!held_ || state() == QAbstractItemView::EditingState) return;
  auto listing = std::move(*held_);
  held_.reset();
  show(std::move(listing));
  emit runsShown();
}

int RunsTable::runCount() const {
  return model_->rowCount();
}

QStringList RunsTable::selectedRunIds() const {
  QStringList ids;
  for (const auto& index : selectionModel()->selectedRows())
    ids << QString::fromStdString(model_->run(proxy_->mapToSource(index).row()).id);
  return ids;
}

std::vector<tracking::RunSummary> RunsTable::selectedRuns() const {
  std::vector<tracking::RunSummary> runs;
  for (const auto& index : selectionModel()->selectedRows())
    runs.push_back(model_->run(proxy_->mapToSource(index).row()));
  return runs;
}

void RunsTable::selectRuns(const QStringList& ids) {
  QItemSelection selection;
  for (const auto& id : ids) {
    const int row = model_->rowOf(id);
    if (row < 0) continue;
    const auto index = proxy_->mapFromSource(model_->index(row, 0));
    selection.select(index, index.siblingAtColumn(model_->columnCount() - 1));
  }
  selectionModel()->select(selection,
                           QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

}  // namespace tweetlab::ui
