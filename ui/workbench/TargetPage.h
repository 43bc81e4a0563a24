#pragma once
// Target page: how a model does where it is deployed, and making it fit there. Pick a bundle and
// labelled target tweets: evaluate (balanced accuracy, AUC, macro-F1, predicted vs true positive
// rate, ECE, Brier, reliability diagram; tracked as an evaluation run the Runs page sorts by);
// calibrate (Platt or isotonic map, threshold, EM prior on unlabelled tweets) into a new bundle;
// try texts through the bundle exactly as tweetlab-serve answers them (the same Predictor). The
// learning curve has its own tab (CurvePanel). All work runs off the GUI thread.
#include <QWidget>
#include <memory>
#include <vector>

#include "core/bundle/Predictor.h"
#include "core/domain/BundleEvaluation.h"
#include "core/domain/CalibrateBundle.h"

class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace tweetlab::ui {

class BackgroundTask;
class CurvePanel;
class RunTracking;

class TargetPage : public QWidget {
  Q_OBJECT

 public:
  explicit TargetPage(RunTracking* tracking, QWidget* parent = nullptr);
  ~TargetPage() override;

  CurvePanel* curvePanel() const { return curve_; }
  bool isBusy() const;
  QString bundlePath() const;
  const domain::BundleEvaluation* lastEvaluation() const { return evaluation_.get(); }
  std::vector<bundle::Prediction> lastPredictions() const { return predictions_; }
  QTableWidget* metricsTable() const { return metrics_; }

 public slots:
  void setBundle(const QString& dir);
  void setTargetFile(const QString& file);
  void setCalibration(const QString& method, const QString& threshold, const QString& pool,
                      const QString& out);
  void evaluate();
  void calibrate();
  void predictTexts(const QStringList& texts);

 signals:
  void evaluated(const QString& runId);
  void calibrated(const QString& bundleDir);
  void predicted();
  void failed(const QString& message);
  void statusMessage(const QString& message);

 private:
  QWidget* buildEvaluateTab();
  void showBundleInfo();
  void showEvaluation();
  void setBusy(bool busy);

  RunTracking* tracking_;
  QTabWidget* tabs_;
  QLineEdit* bundle_;
  QLabel* bundleInfo_;
  QLineEdit* target_;
  QPushButton* evaluateButton_;
  QTableWidget* metrics_;
  QChartView* reliability_;
  QComboBox* method_;
  QComboBox* threshold_;
  QLineEdit* pool_;
  QLineEdit* out_;
  QPushButton* calibrateButton_;
  QLabel* calibrationReport_;
  QPlainTextEdit* texts_;
  QPushButton* predictButton_;
  QTableWidget* predictionTable_;
  QLabel* status_;
  CurvePanel* curve_;
  BackgroundTask* task_;

  std::shared_ptr<domain::BundleEvaluation> evaluation_;
  std::vector<bundle::Prediction> predictions_;
  // Worker outputs, taken over on success.
  struct Work {
    std::shared_ptr<domain::BundleEvaluation> evaluation;
    std::string runId;
    std::optional<domain::CalibrateOutcome> calibration;
    std::vector<bundle::Prediction> predictions;
    std::vector<std::string> texts;
  };
  std::shared_ptr<Work> work_;
  enum class Job { None, Evaluate, Calibrate, Predict } job_ = Job::None;
};

}  // namespace tweetlab::ui
