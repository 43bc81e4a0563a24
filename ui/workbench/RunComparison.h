#pragma once
// The Runs page's lower pane: the selected runs side by side, in tabs: overlaid ROC curves,
// validation curves per epoch, a metrics bar chart and a parameters table that can show only
// what differs. The same charts as the HTML report (ui/charts/ComparisonCharts).
#include <QTabWidget>
#include <vector>

#include "core/tracking/RunReport.h"

class QCheckBox;
class QChartView;
class QTableWidget;

namespace tweetlab::ui {

class RocChart;

class RunComparison : public QTabWidget {
  Q_OBJECT

 public:
  explicit RunComparison(QWidget* parent = nullptr);
  void setRuns(std::vector<tracking::ComparedRun> runs);
  const std::vector<tracking::ComparedRun>& runs() const { return runs_; }
  bool onlyDifferences() const;

  RocChart* rocChart() const { return roc_; }
  QChartView* historyChart() const { return history_; }
  QChartView* metricsChart() const { return metrics_; }
  QTableWidget* paramsTable() const { return params_; }

 private:
  void fillParams();

  std::vector<tracking::ComparedRun> runs_;
  RocChart* roc_;
  QChartView* history_;
  QChartView* metrics_;
  QTableWidget* params_;
  QCheckBox* onlyDifferences_;
};

}  // namespace tweetlab::ui
