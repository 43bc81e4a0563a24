#include "ui/workbench/ColumnChooser.h"

#include <QHeaderView>
#include <QMenu>
#include <QTableView>

#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {

ColumnChooser::ColumnChooser(QTableView* table, QString name)
    : QObject(table), table_(table), name_(std::move(name)) {
  auto* header = table_->horizontalHeader();
  header->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(header, &QHeaderView::customContextMenuRequested, this,
          [this, header](const QPoint& pos) { popup(header->mapToGlobal(pos)); });
  // A reset model (a refreshed run list) shows every column again: hide the chosen ones anew.
  connect(table_->model(), &QAbstractItemModel::modelReset, this, &ColumnChooser::applyHidden);
  connect(table_->model(), &QAbstractItemModel::columnsInserted, this, &ColumnChooser::applyHidden);
  applyHidden();
}

QMenu* ColumnChooser::popup(const QPoint& globalPos) {
  auto* menu = new QMenu(table_->horizontalHeader());
  menu->setObjectName("columnChooser");
  menu->setAttribute(Qt::WA_DeleteOnClose);
  auto* model = table_->model();
  int shown = 0;
  for (int c = 0; c < model->columnCount(); ++c) shown += table_->isColumnHidden(c) ? 0 : 1;
  for (int c = 0; c < model->columnCount(); ++c) {
    auto* action = menu->addAction(model->headerData(c, Qt::Horizontal).toString());
    action->setCheckable(true);
    action->setChecked(!table_->isColumnHidden(c));
    // The last column shown stays: a table without columns has no header to right-click.
    action->setEnabled(table_->isColumnHidden(c) || shown > 1);
    connect(action, &QAction::toggled, this, [this, c](bool on) { setShown(c, on); });
  }
  menu->popup(globalPos);
  return menu;
}

void ColumnChooser::applyHidden() {
  const auto hidden = AppSettings().hiddenColumns(name_);
  auto* model = table_->model();
  for (int c = 0; c < model->columnCount(); ++c)
    table_->setColumnHidden(c, hidden.contains(model->headerData(c, Qt::Horizontal).toString()));
}

void ColumnChooser::setShown(int column, bool shown) {
  const auto title = table_->model()->headerData(column, Qt::Horizontal).toString();
  auto hidden = AppSettings().hiddenColumns(name_);
  hidden.removeAll(title);
  if (!shown) hidden << title;
  AppSettings().setHiddenColumns(name_, hidden);
  table_->setColumnHidden(column, !shown);
}

}  // namespace tweetlab::ui
