#pragma once
// The learning curve in the workbench: target balanced accuracy (or AUC, ECE...) against the
// number of target labels, one line per strategy with the spread over repeats as a band: the
// picture an analyst shows to decide how many tweets to label and how to pick them. Base data
// and model come from the Data and Train pages; every point is tracked as a run. Runs off the
// GUI thread with progress and cancel (core/domain/LearningCurve).
#include <QWidget>
#include <functional>
#include <memory>
#include <optional>

#include "core/domain/LearningCurve.h"

class QChartView;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace tweetlab::ui {

class BackgroundTask;
class RunTracking;

class CurvePanel : public QWidget {
  Q_OBJECT

 public:
  explicit CurvePanel(RunTracking* tracking, QWidget* parent = nullptr);
  ~CurvePanel() override;

  // Where the base data and the model come from when the curve starts (the Data and Train
  // pages' current choices).
  void setBaseProvider(std::function<std::optional<experiment::ExperimentSpec>()> provider) {
    baseProvider_ = std::move(provider);
  }
  void setTargetFile(const QString& file);
  void setBudgets(const QString& budgets);
  void setRepeats(int repeats);
  void setTestRows(int rows);
  void setCalibrationLabels(int rows);
  void setStrategies(bool random, bool uncertainty, bool diverse);
  void setMetric(const QString& metric);  // balanced_accuracy, roc_auc, accuracy, ece, ...

  bool isRunning() const;
  const domain::CurveResult* lastResult() const { return result_.get(); }
  QChartView* chartView() const { return chart_; }
  QTableWidget* table() const { return table_; }

 public slots:
  void start();
  void cancel();

 signals:
  void finished(int points);
  void failed(const QString& message);
  void cancelled();  // the points tracked before the cancel stay in the store
  void statusMessage(const QString& message);

 private:
  void showResult();

  RunTracking* tracking_;
  std::function<std::optional<experiment::ExperimentSpec>()> baseProvider_;
  QLineEdit* target_;
  QLineEdit* budgets_;
  QCheckBox* random_;
  QCheckBox* uncertainty_;
  QCheckBox* diverse_;
  QSpinBox* repeats_;
  QSpinBox* testRows_;
  QSpinBox* calibration_;
  QDoubleSpinBox* weight_;
  QCheckBox* targetOnly_;
  QComboBox* metric_;
  QPushButton* startButton_;
  QPushButton* cancelButton_;
  QProgressBar* progress_;
  QLabel* status_;
  QChartView* chart_;
  QTableWidget* table_;
  BackgroundTask* task_;
  std::shared_ptr<domain::CurveResult> running_;
  std::shared_ptr<domain::CurveResult> result_;
};

}  // namespace tweetlab::ui
