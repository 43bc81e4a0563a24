#pragma once
// Train page: choose model family, preprocessing and hyper-parameters (or queue a grid), train
// on a worker thread with progress, ETA and cancel, watch the curves draw live, then see ROC,
// confusion matrix and the metrics table. Every finished, failed or cancelled run is handed to
// the run sink (the tracking function) on the worker thread.
#include <QWidget>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/experiment/Experiment.h"
#include "core/tracking/Tracking.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace tweetlab::ui {

class BackgroundTask;
class ClusterPanel;
class LiveHistoryChart;
class ParamsForm;
class RunResultTabs;
class CvTable;

// What happens to a run when it ends; called on the worker thread (it may do disk/network I/O).
// `result` is null when the run failed before producing one; `status` is FINISHED/FAILED/KILLED.
struct RunEnd {
  const experiment::ExperimentSpec* spec = nullptr;
  const experiment::ExperimentResult* result = nullptr;
  std::string status;
  std::string error;
  train::History history;  // what the run had reached, also for failed/cancelled runs
  tracking::RunRecorder* recorder = nullptr;  // the run as the starter began it, if it did
};
using RunSink = std::function<void(const RunEnd&)>;
// Begins a run's record as its training starts, on the worker thread: RUNNING in the run store
// and, with an MLflow server set, live there. The training reports to the recorder, which
// forwards to `inner` (the page's own observer); the sink then ends it.
using RunStarter = std::function<std::unique_ptr<tracking::RunRecorder>(
    const experiment::ExperimentSpec& spec, train::TrainObserver& inner)>;

class TrainPage : public QWidget {
  Q_OBJECT

 public:
  explicit TrainPage(QWidget* parent = nullptr);
  ~TrainPage() override;

  void setRunSink(RunSink sink) { sink_ = std::move(sink); }
  void setRunStarter(RunStarter starter) { starter_ = std::move(starter); }
  void setThreads(int threads) { threads_ = threads; }
  // The device a family's form starts with (Settings); "auto" leaves the family's default.
  void setDefaultDevice(const QString& device);
  ClusterPanel* clusterPanel() const { return cluster_; }
  // The experiment the form describes (data part from the Data page).
  experiment::ExperimentSpec currentSpec() const;
  bool isTraining() const;
  const experiment::ExperimentResult* lastResult() const { return lastResult_.get(); }
  ParamsForm* paramsForm() const { return params_; }
  QLabel* compositionLabel() const { return composition_; }

 public slots:
  void setData(std::shared_ptr<const tweetlab::experiment::PreparedData> prepared);
  void selectFamily(const QString& family);
  void addToQueue();
  void addPreprocessingGrid();  // current spec x {none, stem, lemma}
  void start();                 // runs the queue, or the current form if the queue is empty
  void cancel();

 signals:
  void runFinished(std::shared_ptr<const tweetlab::experiment::ExperimentResult> result);
  void runEnded(const QString& status, const QString& message);  // after the sink ran
  void queueFinished();
  void statusMessage(const QString& message);

 private:
  QWidget* buildForm();
  void runNext();
  void onEpoch(const train::HistoryRow& row);
  void onProgress(qint64 done, qint64 total, double elapsed);
  void showResult(const experiment::ExperimentResult& result);
  void setRunning(bool running);
  // A cancelled or failed run: the tabs say so; progress and ETA are not left at their last value.
  void endWithoutResult(const QString& state);
  // What "Send to cluster" submits: the queue, or the form's experiment; validated for the
  // cluster (whose nodes, not this machine, decide whether a GPU exists).
  std::vector<experiment::ExperimentSpec> specsForCluster() const;

  QComboBox* family_ = nullptr;
  QComboBox* morphology_ = nullptr;
  QCheckBox* stopwords_ = nullptr;
  ParamsForm* params_ = nullptr;
  CvTable* cvTable_ = nullptr;
  QListWidget* queue_ = nullptr;
  ClusterPanel* cluster_ = nullptr;
  QString defaultDevice_ = QStringLiteral("auto");
  QPushButton* startButton_ = nullptr;
  QPushButton* cancelButton_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* eta_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* composition_ = nullptr;  // what the training set is made of
  RunResultTabs* results_ = nullptr;

  BackgroundTask* task_ = nullptr;
  RunSink sink_;
  RunStarter starter_;
  int threads_ = 0;
  std::shared_ptr<const experiment::PreparedData> data_;
  std::vector<experiment::ExperimentSpec> queued_;
  std::deque<experiment::ExperimentSpec> pending_;
  std::shared_ptr<experiment::ExperimentResult> running_;
  std::shared_ptr<const experiment::ExperimentResult> lastResult_;
  std::shared_ptr<train::History> runningHistory_;
  std::shared_ptr<std::mutex> historyMutex_;
};

}  // namespace tweetlab::ui
