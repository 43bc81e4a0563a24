#pragma once
// The Runs table: one row per tracked run with its key metrics and params, the data it learned
// from (file, rows per split) and why it failed. Sorting uses the raw
// values (Qt::UserRole), so numbers sort as numbers and missing metrics sort last. Runs scored on
// named evaluation sets (train --eval, evaluate, curve) add one column per set and metric
// (target_accuracy, target_balanced_accuracy, target_roc_auc, target_macro_f1, target_ece) after
// the fixed ones, so models can be sorted by how they do on the target domain.
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
    Data,  // the dataset's file name
    TrainRows,
    ValRows,
    TestRows,
    Status,
    Failure,  // why a FAILED or KILLED run ended (first line; the whole text as tooltip)
    Started,
    Accuracy,
    RocAuc,
    F1,
    FitTime,
    MsPerTweet,
    Tags,   // the user's own tags (not tweetlab.* or mlflow.*); every tag in the tooltip
    Notes,  // the analyst's notes (first line; all of them in the tooltip)
    Mlflow,
    Id,
    ColumnCount
  };

  explicit RunsTableModel(QObject* parent = nullptr);
  // `editable`: names and notes may be edited (the page saves them locally and in MLflow).
  void setRuns(std::vector<tracking::RunSummary> runs, bool editable = false);
  const tracking::RunSummary& run(int row) const { return runs_[static_cast<std::size_t>(row)]; }
  int rowOf(const QString& runId) const;
  // The evaluation-set metric shown in column `column` (>= ColumnCount), else "".
  QString evalMetricAt(int column) const;
  int columnOf(const QString& evalMetric) const;  // -1 when no run has it

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  // A finished run's name and notes are editable (a running run would write its own name back).
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role) override;

 signals:
  // The user changed a run's name or notes in the table (shown at once; the page saves it).
  void runEdited(const QString& runId, int column, const QString& text);

 private:
  std::vector<tracking::RunSummary> runs_;
  bool editable_ = false;
  std::vector<std::string> evalMetrics_;  // dynamic columns, sorted
};

}  // namespace tweetlab::ui
