#pragma once
// Runs page: every tracked run from the local store (or the MLflow experiment set in Settings) in
// a sortable, filterable table (names and notes editable, also in MLflow; double-click elsewhere
// for the details of one run). Select two or more to compare them in the lower pane (overlaid
// ROC curves, validation curves, metrics bars, the params that differ). Open a run in the MLflow
// UI, export its bundle, delete it, or export the comparison as an HTML report with the plots
// embedded (core/tracking/RunReport, the same file `tweetlab-cli runs report` writes).
// This class wires the pieces; every read and write of the store runs on a worker thread.
#include <QString>
#include <QWidget>
#include <map>
#include <vector>

#include "core/tracking/RunQuery.h"
#include "core/tracking/RunReport.h"
#include "ui/workbench/AsyncRunner.h"

class QChartView;
class QLabel;
class QPushButton;
class QTableWidget;

namespace tweetlab::ui {

class RocChart;
class RunComparison;
class RunTracking;
class RunsFilterBar;
class RunsTable;

class RunsPage : public QWidget {
  Q_OBJECT

 public:
  explicit RunsPage(RunTracking* tracking, QWidget* parent = nullptr);

  int runCount() const;
  QStringList selectedRunIds() const;
  void selectRuns(const QStringList& ids);
  RocChart* rocChart() const;
  QChartView* historyChart() const;
  QChartView* metricsChart() const;
  QTableWidget* paramsTable() const;

 public slots:
  void refresh();
  void deleteSelected();
  void exportBundle(const QString& directory);
  void exportReport(const QString& htmlFile);
  void openInMlflow();
  void showDetails();  // the selected run in full (RunDetailsDialog)

 signals:
  void refreshed();
  void comparisonReady();  // charts and tables show the selected runs
  void statusMessage(const QString& message);

 private:
  QWidget* buildActions();
  void refreshRemote(const tracking::RunQuery& query);
  void listed(std::vector<tracking::RunSummary> runs, const QString& summary);
  void saveEdit(const QString& runId, int column, const QString& text);
  void loadSelection();
  void showComparison(std::vector<tracking::ComparedRun> runs);

  RunTracking* tracking_;
  RunsFilterBar* filters_;
  RunsTable* table_;
  RunComparison* comparison_;
  QLabel* summary_;
  QPushButton* detailsButton_;
  QPushButton* openButton_;
  QPushButton* exportButton_;
  QPushButton* deleteButton_;
  QPushButton* reportButton_;
  // Runs fetched from MLflow by the last remote refresh, by id (GUI thread only).
  std::map<QString, tracking::RunRecord> remote_;
  AsyncRunner lister_{this};                             // a newer listing drops older ones
  AsyncRunner loader_{this};                             // likewise the selection's details
  AsyncRunner actions_{this, AsyncRunner::Keep::Every};  // each delete/export reports
};

}  // namespace tweetlab::ui
