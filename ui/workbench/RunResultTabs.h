#pragma once
// The Train page's result tabs: the live history of the running experiment, then the finished
// run's validation ROC, confusion matrix and metrics table (validation and test side by side,
// named evaluation sets below). Every tab shows one run: starting a run empties the others, and
// the line beside the tabs says which run they show and how it ended ("KILLED at epoch 5 of 20",
// "FAILED: reason"), so a cancelled run never sits beside the previous run's ROC.
#include <QTabWidget>

#include "core/experiment/Experiment.h"

class QLabel;
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
  // `plannedEpochs`: the spec's "epochs", 0 when it has none.
  void startRun(const QString& name, int plannedEpochs);
  void appendEpoch(const train::HistoryRow& row);
  void showResult(const experiment::ExperimentResult& result);
  // The run ended without a result (cancelled or failed): `state` says how.
  void showEnd(const QString& state);
  QString state() const;
  QString killedState() const;  // "KILLED at epoch 5 of 20"

 private:
  QWidget* historyPage();

  LiveHistoryChart* history_;
  RocChart* roc_;
  ConfusionMatrixView* confusion_;
  QTableWidget* metrics_;
  QLabel* state_;
  int plannedEpochs_ = 0;
  int epochs_ = 0;  // of the run shown
};

}  // namespace tweetlab::ui
