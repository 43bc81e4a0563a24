#pragma once
// The desktop side of "direct" feedback: one Application Insights client (core/telemetry) made
// from the Settings page's connection string. send() only queues; the client's own thread
// batches, retries and keeps undeliverable items in an offline queue under the data directory,
// which a later session (or the next settings change) sends. Delivery outcomes come back on the
// GUI thread as plain sentences for the Try page.
#include <QObject>
#include <QString>
#include <memory>

#include "core/telemetry/FeedbackRecord.h"

namespace tweetlab::telemetry {
class AppInsightsClient;
}

namespace tweetlab::ui {

class FeedbackTelemetry : public QObject {
  Q_OBJECT

 public:
  // InputError (message names the bad part) for an unusable connection string.
  FeedbackTelemetry(const QString& connectionString, const QString& queueDirectory,
                    QObject* parent = nullptr);
  // Gives in-flight items half a second, then persists the rest to the offline queue: the GUI
  // thread never waits on a slow service for longer than that, and nothing is lost.
  ~FeedbackTelemetry() override;

  // A rejection becomes the trace "prediction rejected" (Warning), a validation the event
  // "prediction_validated" (when `sendValidations`), with api_url and app_version added.
  void send(const telemetry::FeedbackRecord& record, const QString& apiUrl, bool sendValidations);

 signals:
  void deliveryReport(const QString& message, bool problem);

 private:
  std::shared_ptr<telemetry::AppInsightsClient> client_;
};

}  // namespace tweetlab::ui
