#pragma once
// Table model over a prepared split: one row per tweet with its split, label and text.
#include <QAbstractTableModel>
#include <memory>

#include "core/experiment/Experiment.h"

namespace tweetlab::ui {

class SplitTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { SplitColumn, LabelColumn, TextColumn, ColumnCount };
  using QAbstractTableModel::QAbstractTableModel;

  // Shows this split (null: none). Not setData, which would hide QAbstractItemModel's cell edit.
  void setPreparedData(std::shared_ptr<const experiment::PreparedData> data);
  // The raw text of a row (for the preprocessing preview).
  QString textAt(int row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  const data::Example* example(int row, const char** split) const;

  std::shared_ptr<const experiment::PreparedData> data_;
};

}  // namespace tweetlab::ui
