#include "ui/workbench/RunTracking.h"

#include "core/tracking/Tracking.h"
#include "ui/charts/OffscreenPlotRenderer.h"
#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {

RunTracking::RunTracking(QObject* parent)
    : QObject(parent),
      stores_(std::make_shared<RunStores>()),
      renderer_(std::make_shared<charts::OffscreenPlotRenderer>()) {}

RunTracking::~RunTracking() = default;

std::optional<tracking::MlflowConfig> RunTracking::mlflowConfig() {
  const auto uri = AppSettings().trackingUri().trimmed();
  if (uri.isEmpty()) return std::nullopt;
  return tracking::MlflowConfig::fromEnvironment(uri.toStdString());
}

tracking::TrackingOptions RunTracking::options() {
  tracking::TrackingOptions options;
  options.store = store().get();  // stores_ keeps it open for the run
  options.experiment = AppSettings().experimentName().toStdString();
  options.mlflow = mlflowConfig();
  options.renderer = renderer_.get();
  options.push.sourceName = "tweetlab";
  return options;
}

std::string RunTracking::trackResult(const experiment::ExperimentResult& result, bool exportModel) {
  auto o = options();
  o.exportModel = exportModel;
  const auto outcome = tracking::track(tracking::TrackInput::finished(result), o);
  announce(outcome);
  return outcome.runId;
}

std::string RunTracking::trackRecord(tracking::RunRecord record,
                                     const tracking::ArtifactWriter& writer) {
  const auto outcome = tracking::trackRecord(std::move(record), options(), writer);
  announce(outcome);
  return outcome.runId;
}

std::unique_ptr<tracking::RunRecorder> RunTracking::begin(const experiment::ExperimentSpec& spec,
                                                          train::TrainObserver& inner) {
  return std::make_unique<tracking::RunRecorder>(spec, options(), inner);
}

void RunTracking::track(const RunEnd& end) {
  if (end.recorder != nullptr) {
    announce(end.result != nullptr    ? end.recorder->finish(*end.result)
             : end.status == "KILLED" ? end.recorder->cancel()
                                      : end.recorder->fail(end.error));
    return;
  }
  const auto options = this->options();
  tracking::TrackInput input;
  if (end.result != nullptr) {
    input = tracking::TrackInput::finished(*end.result);
  } else if (end.status == "KILLED") {
    input = tracking::TrackInput::cancelled(*end.spec, end.history);
  } else {
    input = tracking::TrackInput::failed(*end.spec, end.error, end.history);
  }
  announce(tracking::track(input, options));
}

void RunTracking::announce(const tracking::TrackOutcome& outcome) {
  QString note;
  if (outcome.pushed)
    note = tr("pushed to MLflow");
  else if (outcome.queued)
    note = tr("MLflow unreachable, queued for retry: %1")
               .arg(QString::fromStdString(outcome.pushError));
  emit runTracked(QString::fromStdString(outcome.runId),
                  QString::fromStdString(tracking::toString(outcome.status)), note);
}

QString RunTracking::testConnection(const QString& uri) {
  try {
    tracking::MlflowClient client(tracking::MlflowConfig::fromEnvironment(uri.toStdString()));
    client.findExperiment(AppSettings().experimentName().toStdString());
    return {};
  } catch (const std::exception& e) {
    return QString::fromUtf8(e.what());
  }
}

QString RunTracking::mlflowRunUrl(const QString& trackingUri, const tracking::RunRecord& record) {
  if (trackingUri.isEmpty() || record.mlflowRunId.empty() || record.mlflowExperimentId.empty())
    return {};
  QString base = trackingUri.trimmed();
  while (base.endsWith('/')) base.chop(1);
  return QStringLiteral("%1/#/experiments/%2/runs/%3")
      .arg(base, QString::fromStdString(record.mlflowExperimentId),
           QString::fromStdString(record.mlflowRunId));
}

}  // namespace tweetlab::ui
