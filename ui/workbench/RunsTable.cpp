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
}

void RunsTable::setRuns(std::vector<tracking::RunSummary> runs, bool editable) {
  // The selection as it is now, not as it was when the listing started: the user may have
  // picked runs while the store was being read.
  const auto keep = selectedRunIds();
  const QSignalBlocker blocker(selectionModel());
  model_->setRuns(std::move(runs), editable);
  selectRuns(keep);
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
