#include "ui/workbench/AppSettings.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace tweetlab::ui {
namespace {

QSettings store() {
  return QSettings();
}  // organisation/application set in main()

}  // namespace

AppSettings::AppSettings() = default;

QString AppSettings::trackingUri() const {
  return store().value("tracking/uri", qEnvironmentVariable("MLFLOW_TRACKING_URI")).toString();
}
void AppSettings::setTrackingUri(const QString& uri) {
  store().setValue("tracking/uri", uri);
}
QString AppSettings::experimentName() const {
  return store().value("tracking/experiment", QStringLiteral("tweetlab")).toString();
}
void AppSettings::setExperimentName(const QString& name) {
  store().setValue("tracking/experiment", name);
}
QString AppSettings::dataDirectory() const {
  return store()
      .value("storage/dataDirectory", qEnvironmentVariable("TWEETLAB_DATA_DIR"))
      .toString();
}
void AppSettings::setDataDirectory(const QString& dir) {
  store().setValue("storage/dataDirectory", dir);
}
int AppSettings::threads() const {
  return store().value("training/threads", 0).toInt();
}
void AppSettings::setThreads(int threads) {
  store().setValue("training/threads", threads);
}
QString AppSettings::apiUrl() const {
  return store().value("api/url", QStringLiteral("http://127.0.0.1:8080")).toString();
}
void AppSettings::setApiUrl(const QString& url) {
  store().setValue("api/url", url);
}
QString AppSettings::appInsightsConnectionString() const {
  return store()
      .value("telemetry/connectionString",
             qEnvironmentVariable("APPLICATIONINSIGHTS_CONNECTION_STRING"))
      .toString();
}
void AppSettings::setAppInsightsConnectionString(const QString& value) {
  store().setValue("telemetry/connectionString", value);
}
QString AppSettings::feedbackRoute() const {
  return store().value("feedback/route", "direct").toString();
}
void AppSettings::setFeedbackRoute(const QString& route) {
  store().setValue("feedback/route", route);
}
bool AppSettings::sendValidatedEvents() const {
  return store().value("feedback/validatedEvents", true).toBool();
}
void AppSettings::setSendValidatedEvents(bool on) {
  store().setValue("feedback/validatedEvents", on);
}
int AppSettings::alertThreshold() const {
  return store().value("feedback/alertThreshold", 3).toInt();
}
void AppSettings::setAlertThreshold(int count) {
  store().setValue("feedback/alertThreshold", count);
}
int AppSettings::alertWindowMinutes() const {
  return store().value("feedback/alertWindowMinutes", 5).toInt();
}
void AppSettings::setAlertWindowMinutes(int minutes) {
  store().setValue("feedback/alertWindowMinutes", minutes);
}
QString AppSettings::apiKey() const {
  return store().value("api/key", qEnvironmentVariable("TWEETLAB_API_KEY")).toString();
}
void AppSettings::setApiKey(const QString& key) {
  store().setValue("api/key", key);
}
QString AppSettings::feedbackLogPath() const {
  QString root = dataDirectory();
  if (root.isEmpty()) root = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  return QDir(root).filePath(QStringLiteral("feedback/feedback.jsonl"));
}

QString AppSettings::lastDataset() const {
  return store().value("data/last").toString();
}
void AppSettings::setLastDataset(const QString& path) {
  store().setValue("data/last", path);
}
QByteArray AppSettings::windowGeometry() const {
  return store().value("window/geometry").toByteArray();
}
void AppSettings::setWindowGeometry(const QByteArray& g) {
  store().setValue("window/geometry", g);
}
QByteArray AppSettings::windowState() const {
  return store().value("window/state").toByteArray();
}
void AppSettings::setWindowState(const QByteArray& s) {
  store().setValue("window/state", s);
}
int AppSettings::lastPage() const {
  return store().value("window/page", 0).toInt();
}
void AppSettings::setLastPage(int page) {
  store().setValue("window/page", page);
}

}  // namespace tweetlab::ui
