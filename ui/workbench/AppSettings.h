#pragma once
// Typed access to the workbench's persisted settings (QSettings). One place names every key.
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace tweetlab::ui {

class AppSettings {
 public:
  AppSettings();

  QString trackingUri() const;  // MLflow server; empty = local store only
  void setTrackingUri(const QString& uri);
  QString experimentName() const;  // MLflow experiment ("tweetlab")
  void setExperimentName(const QString& name);
  QString dataDirectory() const;  // run store and artifacts; empty = platform default
  void setDataDirectory(const QString& dir);
  int threads() const;  // 0 = all cores
  void setThreads(int threads);
  QString device() const;  // default device of cnn/bilstm/bert: auto | cpu | cuda | cuda:N
  void setDevice(const QString& device);

  // Where the Train page's queue runs: "local" (here, one run after another) or "slurm" (one
  // sbatch job array, runs tracked in MLflow), and the array tasks' Slurm resources.
  QString executor() const;
  void setExecutor(const QString& executor);
  QString slurmPartition() const;  // empty: the cluster's default
  void setSlurmPartition(const QString& value);
  QString slurmTime() const;  // e.g. "02:00:00"; empty: the partition's limit
  void setSlurmTime(const QString& value);
  int slurmCpusPerTask() const;  // 0: the cluster's default
  void setSlurmCpusPerTask(int value);
  QString slurmMemory() const;  // e.g. "8G"
  void setSlurmMemory(const QString& value);
  QString slurmGres() const;  // e.g. "gpu:1"
  void setSlurmGres(const QString& value);
  int slurmTasks() const;  // > 1: each run data-parallel on that many ranks
  void setSlurmTasks(int value);
  // Where grids sent to the cluster keep their specs, script and logs (a folder the nodes see);
  // default <data directory>/grids.
  QString gridDirectory() const;
  void setGridDirectory(const QString& dir);
  QString apiUrl() const;  // prediction API used by the Try page
  void setApiUrl(const QString& url);
  QString appInsightsConnectionString() const;
  void setAppInsightsConnectionString(const QString& value);

  // Try page: where verdicts go besides the local log: "direct" (Application Insights from this
  // machine), "api" (the API's /feedback route keeps the key on the server) or "local".
  QString feedbackRoute() const;
  void setFeedbackRoute(const QString& route);
  bool sendValidatedEvents() const;  // "Correct" also sends a prediction_validated event
  void setSendValidatedEvents(bool on);
  int alertThreshold() const;  // local alert: rejections ...
  void setAlertThreshold(int count);
  int alertWindowMinutes() const;  // ... within this many minutes (mirrors the Azure rule)
  void setAlertWindowMinutes(int minutes);
  QString apiKey() const;  // optional X-API-Key for /predict and /feedback
  void setApiKey(const QString& key);
  // <data directory>/feedback/feedback.jsonl: every verdict, whatever the route.
  QString feedbackLogPath() const;

  QString lastDataset() const;
  void setLastDataset(const QString& path);
  QByteArray windowGeometry() const;
  void setWindowGeometry(const QByteArray& geometry);
  QByteArray windowState() const;
  void setWindowState(const QByteArray& state);
  int lastPage() const;
  void setLastPage(int page);

  // File > Recent files: newest first, at most kMaxRecentFiles, no duplicates.
  static constexpr int kMaxRecentFiles = 8;
  QStringList recentFiles() const;
  void addRecentFile(const QString& path);
  // The folder a kind of file dialog ("dataset", "bundle", "glove", ...) last opened in; empty
  // before the first use (the dialog then starts in the home folder).
  QString dialogFolder(const QString& kind) const;
  void setDialogFolder(const QString& kind, const QString& folder);
  // A splitter's sizes as QSplitter::saveState() wrote them, by splitter name.
  QByteArray splitterState(const QString& name) const;
  void setSplitterState(const QString& name, const QByteArray& state);
  // The columns the user hid in a table (by header title), by table name.
  QStringList hiddenColumns(const QString& table) const;
  void setHiddenColumns(const QString& table, const QStringList& titles);

  // Data page: the sampling the analyst chose (the dataset digest depends on it).
  int sampleSize() const;  // 0 = all rows
  void setSampleSize(int rows);
  int splitSeed() const;
  void setSplitSeed(int seed);
  QList<double> splitRatios() const;  // train, validation, test
  void setSplitRatios(const QList<double>& ratios);

  // Train page: the family and preprocessing last chosen.
  QString modelFamily() const;  // empty: the first family
  void setModelFamily(const QString& family);
  QString morphology() const;
  void setMorphology(const QString& morphology);
  bool removeStopwords() const;
  void setRemoveStopwords(bool on);
  // The smoothing weight of the per-batch loss curve (0 = raw .. 0.99), as last set on a chart.
  double lossSmoothing() const;
  void setLossSmoothing(double weight);
};

}  // namespace tweetlab::ui
