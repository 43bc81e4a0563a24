#pragma once
// The Train page's result tabs: the live history of the running experiment, then the finished
// run's validation ROC, confusion matrix and metrics table (validation and test side by side,
// named evaluation sets below).
#include <QTabWidget>

#include "core/experiment/Experiment.h"

class QTableWidget;

namespace tweetlab::ui {

class ConfusionMatrixView;
class LiveHistoryChart;
class RocChart;

class RunResultTabs : public QTabWidget {
  Q_OBJECT

 public:
  explicit RunResultTabs(QWidget* parent = nullptr);

  // Where the running experiment's epochs and batch losses are drawn.
  LiveHistoryChart* history() const { return history_; }
  void showResult(const experiment::ExperimentResult& result);

 private:
  LiveHistoryChart* history_;
  RocChart* roc_;
  ConfusionMatrixView* confusion_;
  QTableWidget* metrics_;
};

}  // namespace tweetlab::ui
