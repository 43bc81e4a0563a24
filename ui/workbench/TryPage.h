#pragma once
// Try page: the tester types a tweet, the deployed API answers, the tester says whether the
// prediction is right. Every verdict is written to the local feedback log (on a worker thread)
// and goes on by the configured route: directly to Application Insights ("prediction rejected"
// traces, "prediction_validated" events), through the API's /feedback, or nowhere else. A session
// panel counts verdicts and mirrors the Azure alert rule locally (N rejections in M minutes).
#include <QWidget>
#include <memory>
#include <optional>

#include "core/telemetry/FeedbackRecord.h"
#include "core/telemetry/RejectionAlert.h"
#include "ui/workbench/AsyncRunner.h"
#include "ui/workbench/PredictionClient.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace tweetlab::ui {
class AppSettings;
class FeedbackTelemetry;
class LabelQueue;
}  // namespace tweetlab::ui

namespace tweetlab::telemetry {
class FeedbackLog;
}

namespace tweetlab::ui {

class TryPage : public QWidget {
  Q_OBJECT

 public:
  explicit TryPage(QWidget* parent = nullptr);
  ~TryPage() override;

  // Re-reads URL, key, route and alert settings (after the Settings page saved).
  void reloadSettings();
  PredictionClient* client() const { return client_; }
  LabelQueue* labelQueue() const { return queue_; }

  struct Session {
    int predictions = 0, accepted = 0, rejected = 0, alerts = 0;
  };
  const Session& session() const { return session_; }
  // The direct route's queue as last shown ("" when the route is off).
  QString deliveryQueue() const;
  bool deliveryQueueProblem() const;

 public slots:
  void predict();
  void markCorrect() { verdict(true); }
  void markWrong() { verdict(false); }
  // Writes the log's verdicts as a labelled CSV (text,label with the tester's label).
  void exportFeedback(const QString& file);

 signals:
  void apiUrlChanged(const QString& url);  // the user edited it here (already saved)
  void feedbackRecorded(
      const tweetlab::telemetry::FeedbackRecord& record);  // after the local log has it
  void alertRaised(int rejections, int minutes);
  // The direct route's queue: state, items waiting, the oldest one's age ("" when off).
  void deliveryQueueChanged(const QString& summary, bool problem);
  void feedbackExported(const QString& file);
  void statusMessage(const QString& message);

 private:
  void showPrediction(const ApiPrediction& prediction);
  void showError(const QString& message);
  void verdict(bool accepted);
  void updateSession();
  void setBusy(bool busy);
  void reloadTelemetry(const AppSettings& settings);
  void showQueueStatus(const QString& summary, bool problem);

  PredictionClient* client_;
  QLineEdit* url_ = nullptr;
  QPlainTextEdit* text_ = nullptr;
  QPushButton* predictButton_ = nullptr;
  QLabel* sentiment_ = nullptr;
  QProgressBar* confidence_ = nullptr;
  QLabel* model_ = nullptr;
  QLabel* error_ = nullptr;
  QPushButton* correct_ = nullptr;
  QPushButton* wrong_ = nullptr;
  QLabel* counts_ = nullptr;
  QLabel* banner_ = nullptr;
  QLabel* delivery_ = nullptr;  // where the last verdict went (API, Application Insights, offline)
  QLabel* queueStatus_ = nullptr;  // the direct route's queue: state, waiting items, oldest age

  std::optional<ApiPrediction> current_;
  Session session_;
  std::unique_ptr<telemetry::RejectionAlert> alert_;
  std::shared_ptr<telemetry::FeedbackLog> log_;
  QString route_;
  bool sendValidated_ = true;
  FeedbackTelemetry* telemetry_ = nullptr;  // the "direct" route's Application Insights client
  LabelQueue* queue_ = nullptr;             // "label next": verdicts go to the same log
  QString telemetryKey_;  // connection string, queue dir, log, validations it was made from
  AsyncRunner files_{this, AsyncRunner::Keep::Every};  // log appends and exports
};

}  // namespace tweetlab::ui
