#include "ui/workbench/AppSettings.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <algorithm>

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
QString AppSettings::device() const {
  return store().value("training/device", QStringLiteral("auto")).toString();
}
void AppSettings::setDevice(const QString& device) {
  store().setValue("training/device", device);
}
QString AppSettings::executor() const {
  return store().value("cluster/executor", QStringLiteral("local")).toString();
}
void AppSettings::setExecutor(const QString& executor) {
  store().setValue("cluster/executor", executor);
}
QString AppSettings::slurmPartition() const {
  return store().value("cluster/partition").toString();
}
void AppSettings::setSlurmPartition(const QString& value) {
  store().setValue("cluster/partition", value);
}
QString AppSettings::slurmTime() const {
  return store().value("cluster/time").toString();
}
void AppSettings::setSlurmTime(const QString& value) {
  store().setValue("cluster/time", value);
}
int AppSettings::slurmCpusPerTask() const {
  return store().value("cluster/cpusPerTask", 0).toInt();
}
void AppSettings::setSlurmCpusPerTask(int value) {
  store().setValue("cluster/cpusPerTask", value);
}
QString AppSettings::slurmMemory() const {
  return store().value("cluster/mem").toString();
}
void AppSettings::setSlurmMemory(const QString& value) {
  store().setValue("cluster/mem", value);
}
QString AppSettings::slurmGres() const {
  return store().value("cluster/gres").toString();
}
void AppSettings::setSlurmGres(const QString& value) {
  store().setValue("cluster/gres", value);
}
int AppSettings::slurmTasks() const {
  return store().value("cluster/ntasks", 1).toInt();
}
void AppSettings::setSlurmTasks(int value) {
  store().setValue("cluster/ntasks", value);
}
QString AppSettings::gridDirectory() const {
  const auto dir = store().value("cluster/gridDirectory").toString();
  if (!dir.isEmpty()) return dir;
  const auto data = dataDirectory().isEmpty()
                        ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
                        : dataDirectory();
  return QDir(data).filePath(QStringLiteral("grids"));
}
void AppSettings::setGridDirectory(const QString& dir) {
  store().setValue("cluster/gridDirectory", dir);
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

QStringList AppSettings::recentFiles() const {
  return store().value("data/recent").toStringList();
}
void AppSettings::addRecentFile(const QString& path) {
  auto files = recentFiles();
  files.removeAll(path);
  files.prepend(path);
  while (files.size() > kMaxRecentFiles) files.removeLast();
  store().setValue("data/recent", files);
}
QString AppSettings::dialogFolder(const QString& kind) const {
  return store().value("dialogs/" + kind).toString();
}
void AppSettings::setDialogFolder(const QString& kind, const QString& folder) {
  store().setValue("dialogs/" + kind, folder);
}
QByteArray AppSettings::splitterState(const QString& name) const {
  return store().value("splitters/" + name).toByteArray();
}
void AppSettings::setSplitterState(const QString& name, const QByteArray& state) {
  store().setValue("splitters/" + name, state);
}
QStringList AppSettings::hiddenColumns(const QString& table) const {
  return store().value("columns/" + table + "/hidden").toStringList();
}
void AppSettings::setHiddenColumns(const QString& table, const QStringList& titles) {
  store().setValue("columns/" + table + "/hidden", titles);
}

int AppSettings::sampleSize() const {
  return store().value("data/sample", 16000).toInt();
}
void AppSettings::setSampleSize(int rows) {
  store().setValue("data/sample", rows);
}
int AppSettings::splitSeed() const {
  return store().value("data/seed", 42).toInt();
}
void AppSettings::setSplitSeed(int seed) {
  store().setValue("data/seed", seed);
}
QList<double> AppSettings::splitRatios() const {
  const auto saved = store().value("data/split").toList();
  if (saved.size() != 3) return {0.7, 0.15, 0.15};
  return {saved[0].toDouble(), saved[1].toDouble(), saved[2].toDouble()};
}
void AppSettings::setSplitRatios(const QList<double>& ratios) {
  QVariantList values;
  for (double r : ratios) values << r;
  store().setValue("data/split", values);
}

QString AppSettings::modelFamily() const {
  return store().value("train/family").toString();
}
void AppSettings::setModelFamily(const QString& family) {
  store().setValue("train/family", family);
}
QString AppSettings::morphology() const {
  return store().value("train/morphology", QStringLiteral("none")).toString();
}
void AppSettings::setMorphology(const QString& morphology) {
  store().setValue("train/morphology", morphology);
}
bool AppSettings::removeStopwords() const {
  return store().value("train/stopwords", false).toBool();
}
void AppSettings::setRemoveStopwords(bool on) {
  store().setValue("train/stopwords", on);
}
// 0.9 by default: the live chart receives every 8th batch's loss, and 0.9 averages over about
// ten of those (80 batches), enough to read the trend of a BiLSTM's noisy mini-batch losses;
// TensorBoard's 0.6 assumes a point per step.
double AppSettings::lossSmoothing() const {
  return std::clamp(store().value("charts/lossSmoothing", 0.9).toDouble(), 0.0, 0.99);
}
void AppSettings::setLossSmoothing(double weight) {
  store().setValue("charts/lossSmoothing", weight);
}

}  // namespace tweetlab::ui
