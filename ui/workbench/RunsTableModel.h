#pragma once
// The Runs table: one row per tracked run with its key metrics and params. Sorting uses the raw
// values (Qt::UserRole), so numbers sort as numbers and missing metrics sort last.
#include <QAbstractTableModel>
#include <vector>

#include "core/tracking/RunStore.h"

namespace tweetlab::ui {

class RunsTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    Name,
    Family,
    Preprocessing,
    Status,
    Started,
    Accuracy,
    RocAuc,
    F1,
    FitTime,
    MsPerTweet,
    Mlflow,
    Id,
    ColumnCount
  };

  explicit RunsTableModel(QObject* parent = nullptr);
  void setRuns(std::vector<tracking::RunSummary> runs);
  const tracking::RunSummary& run(int row) const { return runs_[static_cast<std::size_t>(row)]; }
  int rowOf(const QString& runId) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  std::vector<tracking::RunSummary> runs_;
};

}  // namespace tweetlab::ui
