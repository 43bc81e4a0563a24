#include "ui/workbench/FeedbackTelemetry.h"

#include <QMetaObject>
#include <QPointer>
#include <atomic>

#include "core/common/Version.h"
#include "core/telemetry/FeedbackDelivery.h"

namespace tweetlab::ui {
namespace {

using Kind = telemetry::DeliveryEvent::Kind;

// One sentence per outcome a tester cares about; retries are routine and stay quiet.
QString describe(const telemetry::DeliveryEvent& e, bool& problem) {
  problem = false;
  switch (e.kind) {
    case Kind::kDelivered:
      return FeedbackTelemetry::tr("Application Insights accepted %n item(s)", nullptr,
                                   static_cast<int>(e.items));
    case Kind::kPersisted:
      problem = true;
      return FeedbackTelemetry::tr(
                 "Application Insights unreachable (%1): %n item(s) kept offline, "
                 "sent when it is back",
                 nullptr, static_cast<int>(e.items))
          .arg(QString::fromStdString(e.reason));
    case Kind::kDropped:
    case Kind::kDroppedFromStore:
    case Kind::kDroppedQueueFull:
      problem = true;
      return FeedbackTelemetry::tr("Application Insights refused %n item(s): %1", nullptr,
                                   static_cast<int>(e.items))
          .arg(QString::fromStdString(e.reason));
    case Kind::kEndpointMoved:
      return QString::fromStdString(e.reason);
    case Kind::kStateChanged:
      problem = e.state != telemetry::DeliveryState::kHealthy;
      return problem ? FeedbackTelemetry::tr("Application Insights delivery %1: %2")
                           .arg(QString::fromLatin1(telemetry::toString(e.state)),
                                QString::fromStdString(e.reason))
                     : FeedbackTelemetry::tr("Application Insights delivery is healthy again");
    case Kind::kRetryScheduled:
      return {};
  }
  return {};
}

QString age(double seconds) {
  if (seconds < 90) return FeedbackTelemetry::tr("%1 s").arg(static_cast<int>(seconds));
  if (seconds < 5400) return FeedbackTelemetry::tr("%1 min").arg(static_cast<int>(seconds / 60));
  return FeedbackTelemetry::tr("%1 h").arg(seconds / 3600, 0, 'f', 1);
}

QString summarize(const telemetry::DeliveryStats& s, bool& problem) {
  const auto waiting = static_cast<int>(s.queued + s.stored);
  problem = s.state != telemetry::DeliveryState::kHealthy;
  QString text = FeedbackTelemetry::tr("Application Insights: %1")
                     .arg(QString::fromLatin1(telemetry::toString(s.state)));
  if (s.state == telemetry::DeliveryState::kBlocked) {
    text += FeedbackTelemetry::tr(" (%1)").arg(QString::fromStdString(s.stateReason));
  }
  if (waiting == 0) return text + FeedbackTelemetry::tr(", nothing waiting");
  text += FeedbackTelemetry::tr(", %n item(s) waiting", nullptr, waiting);
  text += FeedbackTelemetry::tr(" (%1 in the offline queue, oldest %2)")
              .arg(s.stored)
              .arg(age(s.oldestQueuedSeconds));
  return text;
}

}  // namespace

FeedbackTelemetry::FeedbackTelemetry(const QString& connectionString, const QString& queueDirectory,
                                     const QString& feedbackLog, const QString& apiUrl,
                                     bool sendValidations, QObject* parent)
    : QObject(parent) {
  telemetry::FeedbackDeliveryOptions options;
  options.client.connection = telemetry::ConnectionString::parse(connectionString.toStdString());
  options.client.cloudRole = "tweetlab";
  options.client.storageDir = queueDirectory.toStdString();
  options.feedbackLog = feedbackLog.toStdString();
  options.extra = {{"api_url", apiUrl.toStdString()}, {"app_version", kVersion}};
  options.sendValidations = sendValidations;
  // The listener runs on the client's sender thread: hop to the GUI thread, and drop the report
  // if this object is already gone. The queue summary is made there too (it reads the offline
  // queue's directory, which the GUI thread should not).
  QPointer<FeedbackTelemetry> self(this);
  // Set once the delivery exists; the listener cannot outlive it (its destructor stops the
  // sender thread first).
  auto created = std::make_shared<std::atomic<telemetry::FeedbackDelivery*>>(nullptr);
  delivery_ = std::make_shared<telemetry::FeedbackDelivery>(
      std::move(options), [self, created](const telemetry::DeliveryEvent& event) {
        bool problem = false;
        const QString message = describe(event, problem);
        QString summary;
        bool queueProblem = false;
        if (auto* delivery = created->load()) {
          summary = summarize(delivery->client().stats(), queueProblem);
        }
        if (self.isNull()) return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, message, problem, summary, queueProblem] {
              if (!self) return;
              if (!message.isEmpty()) emit self->deliveryReport(message, problem);
              if (!summary.isEmpty()) emit self->queueStatus(summary, queueProblem);
            },
            Qt::QueuedConnection);
      });
  created->store(delivery_.get());
}

FeedbackTelemetry::~FeedbackTelemetry() {
  delivery_->close(std::chrono::milliseconds(500));
}

bool FeedbackTelemetry::prepare(telemetry::FeedbackRecord& record) const {
  return delivery_->prepare(record);
}

void FeedbackTelemetry::send(const telemetry::FeedbackRecord& record, const QString& apiUrl) {
  delivery_->send(record, {{"api_url", apiUrl.toStdString()}});
}

std::size_t FeedbackTelemetry::replayedAtStart() const {
  return delivery_->replayedAtStart();
}

QString FeedbackTelemetry::queueSummary(bool* problem) const {
  bool p = false;
  auto text = summarize(delivery_->client().stats(), p);
  if (problem) *problem = p;
  return text;
}

}  // namespace tweetlab::ui
