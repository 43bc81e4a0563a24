#pragma once
// Runs page: every tracked run from the local store in a sortable, filterable table. Select two
// or more to compare them: overlaid ROC curves, overlaid validation curves, a metrics bar chart
// and a params table that can show only what differs. Open a run in the MLflow UI, export its
// bundle, delete it, or export the comparison as an HTML report with the plots embedded.
// Every read and write of the store runs on a worker thread.
#include <QString>
#include <QWidget>
#include <map>
#include <vector>

#include "core/eval/Metrics.h"
#include "core/tracking/RunRecord.h"

namespace tweetlab::tracking {
struct RunQuery;
}

class QCheckBox;
class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTableWidget;

namespace tweetlab::ui {

class RocChart;
class RunTracking;
class RunsTableModel;

class RunsPage : public QWidget {
  Q_OBJECT

 public:
  explicit RunsPage(RunTracking* tracking, QWidget* parent = nullptr);

  // What the comparison shows for one run (loaded off the GUI thread).
  struct RunDetails {
    tracking::RunRecord record;
    std::vector<eval::RocPoint> roc;
    double auc = 0;
  };

  int runCount() const;
  QStringList selectedRunIds() const;
  void selectRuns(const QStringList& ids);
  RocChart* rocChart() const { return roc_; }
  QChartView* historyChart() const { return history_; }
  QChartView* metricsChart() const { return metrics_; }
  QTableWidget* paramsTable() const { return params_; }

 public slots:
  void refresh();
  void deleteSelected();
  void exportBundle(const QString& directory);
  void exportReport(const QString& htmlFile);
  void openInMlflow();

 signals:
  void refreshed();
  void comparisonReady();  // charts and tables show the selected runs
  void statusMessage(const QString& message);

 private:
  void loadSelection();
  void refreshRemote(const tracking::RunQuery& query, int generation);
  void showComparison();
  void fillParams();
  QString reportHtml() const;

  RunTracking* tracking_;
  QLineEdit* filter_;
  QComboBox* family_;
  QComboBox* status_;
  QComboBox* source_;  // the local run store, or the MLflow experiment set in Settings
  QTableView* table_;
  RunsTableModel* model_;
  QSortFilterProxyModel* proxy_;
  QLabel* summary_;
  RocChart* roc_;
  QChartView* history_;
  QChartView* metrics_;
  QTableWidget* params_;
  QCheckBox* onlyDifferences_;
  QPushButton* openButton_;
  QPushButton* exportButton_;
  QPushButton* deleteButton_;
  QPushButton* reportButton_;
  std::vector<RunDetails> compared_;
  int loadGeneration_ = 0;     // drops answers to selections the user already changed
  int refreshGeneration_ = 0;  // drops listings of a source or filter the user already left
  // Runs fetched from MLflow by the last remote refresh, by id (GUI thread only).
  std::map<QString, tracking::RunRecord> remote_;
  bool showingRemote() const;
};

}  // namespace tweetlab::ui
