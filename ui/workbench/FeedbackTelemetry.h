#pragma once
// The desktop side of "direct" feedback: one FeedbackDelivery (core/telemetry) made from the
// Settings page's connection string, beside the feedback log. prepare() marks a verdict before
// the Try page stores it, send() queues it once stored; the client's own thread batches,
// retries and keeps undeliverable items in an offline queue, and a verdict stored but still in
// memory when the app was killed is sent at the next start (the delivery ledger). Delivery
// outcomes and the queue's state come back on the GUI thread as plain sentences.
#include <QObject>
#include <QString>
#include <memory>

#include "core/telemetry/FeedbackRecord.h"

namespace tweetlab::telemetry {
class FeedbackDelivery;
}

namespace tweetlab::ui {

class FeedbackTelemetry : public QObject {
  Q_OBJECT

 public:
  // InputError (message names the bad part) for an unusable connection string, IoError when the
  // queue directory cannot be made. `feedbackLog` is read once, to resend what a killed session
  // stored but did not deliver; those go with `apiUrl` (the verdict's own URL is not stored).
  FeedbackTelemetry(const QString& connectionString, const QString& queueDirectory,
                    const QString& feedbackLog, const QString& apiUrl, bool sendValidations,
                    QObject* parent = nullptr);
  // Gives in-flight items half a second, then persists the rest to the offline queue: the GUI
  // thread never waits on a slow service for longer than that, and nothing is lost.
  ~FeedbackTelemetry() override;

  // Marks the record for Application Insights when it will be sent (before it is stored).
  bool prepare(telemetry::FeedbackRecord& record) const;
  // A rejection becomes the trace "prediction rejected" (Warning), a validation the event
  // "prediction_validated" (when enabled), with app_version and api_url (the API that made the
  // prediction: the Try page's URL field can change between two verdicts) added.
  void send(const telemetry::FeedbackRecord& record, const QString& apiUrl);
  std::size_t replayedAtStart() const;

  // "Application Insights: healthy, nothing waiting" and the like (also sent by queueStatus()).
  QString queueSummary(bool* problem = nullptr) const;

 signals:
  void deliveryReport(const QString& message, bool problem);
  // The queue's state after every delivery event: state, items waiting, the oldest one's age.
  void queueStatus(const QString& summary, bool problem);

 private:
  std::shared_ptr<telemetry::FeedbackDelivery> delivery_;
};

}  // namespace tweetlab::ui
