#include "ui/workbench/SplitTableModel.h"

namespace tweetlab::ui {

void SplitTableModel::setPreparedData(std::shared_ptr<const experiment::PreparedData> data) {
  beginResetModel();
  data_ = std::move(data);
  endResetModel();
}

const data::Example* SplitTableModel::example(int row, const char** split) const {
  if (!data_ || row < 0) return nullptr;
  auto r = static_cast<std::size_t>(row);
  const auto& s = data_->split;
  if (r < s.train.size()) {
    *split = "train";
    return &s.train.rows[r];
  }
  r -= s.train.size();
  if (r < s.val.size()) {
    *split = "validation";
    return &s.val.rows[r];
  }
  r -= s.val.size();
  if (r < s.test.size()) {
    *split = "test";
    return &s.test.rows[r];
  }
  return nullptr;
}

QString SplitTableModel::textAt(int row) const {
  const char* split = nullptr;
  const auto* e = example(row, &split);
  return e ? QString::fromStdString(e->text) : QString();
}

int SplitTableModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() || !data_) return 0;
  const auto& s = data_->split;
  return static_cast<int>(s.train.size() + s.val.size() + s.test.size());
}

int SplitTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant SplitTableModel::data(const QModelIndex& index, int role) const {
  const char* split = nullptr;
  const auto* e = example(index.row(), &split);
  if (!e) return {};
  if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
    switch (index.column()) {
      case SplitColumn:
        return QString::fromLatin1(split);
      case LabelColumn:
        return e->label == 1 ? tr("positive") : tr("negative");
      case TextColumn:
        return QString::fromStdString(e->text);
      default:
        return {};
    }
  }
  return {};
}

QVariant SplitTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (orientation == Qt::Vertical) return section + 1;
  switch (section) {
    case SplitColumn:
      return tr("Split");
    case LabelColumn:
      return tr("Label");
    case TextColumn:
      return tr("Text");
    default:
      return {};
  }
}

}  // namespace tweetlab::ui
