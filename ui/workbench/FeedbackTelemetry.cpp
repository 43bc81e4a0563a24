#include "ui/workbench/FeedbackTelemetry.h"

#include <QMetaObject>
#include <QPointer>

#include "core/common/Version.h"
#include "core/telemetry/AppInsightsClient.h"
#include "core/telemetry/AppInsightsFeedbackForwarder.h"

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
    case Kind::kRetryScheduled:
      return {};
    case Kind::kEndpointMoved:
      return QString::fromStdString(e.reason);
  }
  return {};
}

}  // namespace

FeedbackTelemetry::FeedbackTelemetry(const QString& connectionString, const QString& queueDirectory,
                                     QObject* parent)
    : QObject(parent) {
  telemetry::AppInsightsConfig config;
  config.connection = telemetry::ConnectionString::parse(connectionString.toStdString());
  config.cloudRole = "tweetlab";
  config.storageDir = queueDirectory.toStdString();
  // The listener runs on the client's sender thread: hop to the GUI thread, and drop the report
  // if this object is already gone.
  QPointer<FeedbackTelemetry> self(this);
  client_ = std::make_shared<telemetry::AppInsightsClient>(
      std::move(config), [self](const telemetry::DeliveryEvent& event) {
        bool problem = false;
        const QString message = describe(event, problem);
        if (message.isEmpty() || self.isNull()) return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, message, problem] {
              if (self) emit self->deliveryReport(message, problem);
            },
            Qt::QueuedConnection);
      });
}

FeedbackTelemetry::~FeedbackTelemetry() {
  client_->close(std::chrono::milliseconds(500));
}

void FeedbackTelemetry::send(const telemetry::FeedbackRecord& record, const QString& apiUrl,
                             bool sendValidations) {
  telemetry::trackFeedback(*client_, record,
                           {{"api_url", apiUrl.toStdString()}, {"app_version", kVersion}},
                           sendValidations);
}

}  // namespace tweetlab::ui
