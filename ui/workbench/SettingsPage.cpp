#include "ui/workbench/SettingsPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include "core/train/Devices.h"
#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {

SettingsPage::SettingsPage(QWidget* parent)
    : QWidget(parent),
      trackingUri_(new QLineEdit),
      experiment_(new QLineEdit),
      dataDir_(new QLineEdit),
      threads_(new QSpinBox),
      device_(new QComboBox),
      executor_(new QComboBox),
      partition_(new QLineEdit),
      time_(new QLineEdit),
      cpusPerTask_(new QSpinBox),
      memory_(new QLineEdit),
      gres_(new QLineEdit),
      ntasks_(new QSpinBox),
      gridDir_(new QLineEdit),
      apiUrl_(new QLineEdit),
      connectionString_(new QLineEdit),
      apiKey_(new QLineEdit),
      feedbackRoute_(new QComboBox),
      validatedEvents_(
          new QCheckBox(tr("Also send \"prediction_validated\" events for correct predictions"))),
      alertThreshold_(new QSpinBox),
      alertWindow_(new QSpinBox),
      testResult_(new QLabel) {
  apiKey_->setEchoMode(QLineEdit::Password);
  apiKey_->setPlaceholderText(tr("optional X-API-Key"));
  feedbackRoute_->setObjectName("feedbackRoute");
  feedbackRoute_->addItem(tr("Directly to Application Insights"), "direct");
  feedbackRoute_->addItem(tr("Through the API's /feedback (the key stays on the server)"), "api");
  feedbackRoute_->addItem(tr("Local feedback log only"), "local");
  alertThreshold_->setRange(1, 1000);
  alertThreshold_->setSuffix(tr(" rejections"));
  alertWindow_->setRange(1, 1440);
  alertWindow_->setSuffix(tr(" minutes"));
  trackingUri_->setPlaceholderText(tr("http://127.0.0.1:5000 (empty: local run store only)"));
  trackingUri_->setObjectName("trackingUri");
  dataDir_->setPlaceholderText(tr("default: ~/.local/share/tweetlab"));
  threads_->setRange(0, QThread::idealThreadCount() * 4);
  threads_->setSpecialValueText(tr("all cores"));
  device_->setObjectName("defaultDevice");
  device_->setEditable(true);
  device_->addItem(QStringLiteral("auto"));
  for (const auto& d : train::availableDevices()) device_->addItem(QString::fromStdString(d));
  device_->setToolTip(tr("Where cnn, bilstm and bert train by default; this machine: %1")
                          .arg(QString::fromStdString(train::deviceSummary())));
  executor_->setObjectName("executor");
  executor_->addItem(tr("This computer, one run after another"), "local");
  executor_->addItem(tr("A Slurm cluster (one job array; runs land in MLflow)"), "slurm");
  partition_->setObjectName("slurmPartition");
  partition_->setPlaceholderText(tr("cluster default"));
  time_->setPlaceholderText(tr("e.g. 02:00:00 (partition limit when empty)"));
  cpusPerTask_->setRange(0, 1024);
  cpusPerTask_->setSpecialValueText(tr("cluster default"));
  memory_->setPlaceholderText(tr("e.g. 8G"));
  gres_->setPlaceholderText(tr("e.g. gpu:1"));
  ntasks_->setObjectName("slurmTasks");
  ntasks_->setRange(1, 1024);
  ntasks_->setToolTip(tr("More than 1: each run trains data-parallel on that many ranks (srun)"));
  gridDir_->setObjectName("gridDirectory");
  gridDir_->setToolTip(tr("Specs, batch script and logs of each grid; the nodes must see it"));
  apiUrl_->setObjectName("apiUrl");
  connectionString_->setEchoMode(QLineEdit::PasswordEchoOnEdit);
  connectionString_->setPlaceholderText(tr("InstrumentationKey=…;IngestionEndpoint=https://…"));
  testResult_->setWordWrap(true);
  testResult_->setObjectName("connectionTestResult");

  auto* test = new QPushButton(tr("Test connection"));
  connect(test, &QPushButton::clicked, this, &SettingsPage::testConnection);
  auto* browse = new QPushButton(tr("…"));
  connect(browse, &QPushButton::clicked, this, [this] {
    const auto dir =
        QFileDialog::getExistingDirectory(this, tr("Data directory"), dataDir_->text());
    if (!dir.isEmpty()) dataDir_->setText(dir);
  });

  auto* tracking = new QGroupBox(tr("Experiment tracking (MLflow)"));
  auto* trackingForm = new QFormLayout(tracking);
  auto* uriRow = new QHBoxLayout;
  uriRow->addWidget(trackingUri_, 1);
  uriRow->addWidget(test);
  trackingForm->addRow(tr("Tracking URI"), uriRow);
  trackingForm->addRow(tr("Experiment"), experiment_);
  trackingForm->addRow(QString(), testResult_);

  auto* storage = new QGroupBox(tr("Storage and training"));
  auto* storageForm = new QFormLayout(storage);
  auto* dirRow = new QHBoxLayout;
  dirRow->addWidget(dataDir_, 1);
  dirRow->addWidget(browse);
  storageForm->addRow(tr("Data directory"), dirRow);
  storageForm->addRow(tr("Threads"), threads_);
  storageForm->addRow(tr("Device"), device_);

  auto* cluster = new QGroupBox(tr("Where the queue runs"));
  auto* clusterForm = new QFormLayout(cluster);
  clusterForm->addRow(tr("Executor"), executor_);
  clusterForm->addRow(tr("Partition"), partition_);
  clusterForm->addRow(tr("Time limit"), time_);
  clusterForm->addRow(tr("CPUs per task"), cpusPerTask_);
  clusterForm->addRow(tr("Memory"), memory_);
  clusterForm->addRow(tr("GRES"), gres_);
  clusterForm->addRow(tr("Ranks per run"), ntasks_);
  clusterForm->addRow(tr("Grid folder"), gridDir_);

  auto* production = new QGroupBox(tr("Production"));
  auto* productionForm = new QFormLayout(production);
  productionForm->addRow(tr("Prediction API URL"), apiUrl_);
  productionForm->addRow(tr("API key"), apiKey_);
  productionForm->addRow(tr("Application Insights connection string"), connectionString_);
  productionForm->addRow(tr("Send verdicts"), feedbackRoute_);
  productionForm->addRow(QString(), validatedEvents_);
  auto* alertRow = new QHBoxLayout;
  alertRow->addWidget(alertThreshold_);
  alertRow->addWidget(new QLabel(tr("within")));
  alertRow->addWidget(alertWindow_);
  alertRow->addStretch();
  productionForm->addRow(tr("Local alert"), alertRow);

  auto* apply = new QPushButton(tr("&Apply"));
  apply->setObjectName("applySettings");
  auto* revert = new QPushButton(tr("Revert"));
  connect(apply, &QPushButton::clicked, this, &SettingsPage::apply);
  connect(revert, &QPushButton::clicked, this, &SettingsPage::reload);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(revert);
  buttons->addWidget(apply);

  // Two columns, so that the page fits a 1366x768 screen.
  auto* left = new QVBoxLayout;
  left->addWidget(tracking);
  left->addWidget(storage);
  left->addWidget(cluster);
  left->addStretch();
  auto* right = new QVBoxLayout;
  right->addWidget(production);
  right->addStretch();
  auto* columns = new QHBoxLayout;
  columns->addLayout(left, 1);
  columns->addLayout(right, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(columns, 1);
  layout->addLayout(buttons);
  reload();
}

void SettingsPage::reload() {
  AppSettings s;
  trackingUri_->setText(s.trackingUri());
  experiment_->setText(s.experimentName());
  dataDir_->setText(s.dataDirectory());
  threads_->setValue(s.threads());
  device_->setCurrentText(s.device());
  executor_->setCurrentIndex(std::max(0, executor_->findData(s.executor())));
  partition_->setText(s.slurmPartition());
  time_->setText(s.slurmTime());
  cpusPerTask_->setValue(s.slurmCpusPerTask());
  memory_->setText(s.slurmMemory());
  gres_->setText(s.slurmGres());
  ntasks_->setValue(s.slurmTasks());
  gridDir_->setText(s.gridDirectory());
  apiUrl_->setText(s.apiUrl());
  connectionString_->setText(s.appInsightsConnectionString());
  apiKey_->setText(s.apiKey());
  feedbackRoute_->setCurrentIndex(std::max(0, feedbackRoute_->findData(s.feedbackRoute())));
  validatedEvents_->setChecked(s.sendValidatedEvents());
  alertThreshold_->setValue(s.alertThreshold());
  alertWindow_->setValue(s.alertWindowMinutes());
}

void SettingsPage::apply() {
  AppSettings s;
  s.setTrackingUri(trackingUri_->text().trimmed());
  s.setExperimentName(experiment_->text().trimmed().isEmpty() ? QStringLiteral("tweetlab")
                                                              : experiment_->text().trimmed());
  s.setDataDirectory(dataDir_->text().trimmed());
  s.setThreads(threads_->value());
  s.setDevice(device_->currentText().trimmed().isEmpty() ? QStringLiteral("auto")
                                                         : device_->currentText().trimmed());
  s.setExecutor(executor_->currentData().toString());
  s.setSlurmPartition(partition_->text().trimmed());
  s.setSlurmTime(time_->text().trimmed());
  s.setSlurmCpusPerTask(cpusPerTask_->value());
  s.setSlurmMemory(memory_->text().trimmed());
  s.setSlurmGres(gres_->text().trimmed());
  s.setSlurmTasks(ntasks_->value());
  s.setGridDirectory(gridDir_->text().trimmed());
  // Only an edit made here replaces the saved URL: the Try page may have changed it since.
  if (apiUrl_->isModified()) s.setApiUrl(apiUrl_->text().trimmed());
  apiUrl_->setModified(false);
  s.setAppInsightsConnectionString(connectionString_->text().trimmed());
  s.setApiKey(apiKey_->text());
  s.setFeedbackRoute(feedbackRoute_->currentData().toString());
  s.setSendValidatedEvents(validatedEvents_->isChecked());
  s.setAlertThreshold(alertThreshold_->value());
  s.setAlertWindowMinutes(alertWindow_->value());
  emit settingsChanged();
}

void SettingsPage::showApiUrl(const QString& url) {
  apiUrl_->setText(url);  // resets isModified(): Apply keeps the saved value
}

void SettingsPage::testConnection() {
  const QString uri = trackingUri_->text().trimmed();
  if (uri.isEmpty()) {
    testResult_->setText(tr("No tracking URI: runs are kept in the local store only."));
    return;
  }
  if (!test_) {
    testResult_->setText(tr("This build has no MLflow client."));
    return;
  }
  testResult_->setText(tr("Testing %1…").arg(uri));
  tester_.run(
      [test = test_, uri] { return test(uri); },
      [this, uri](const QString& error) {
        testResult_->setText(error.isEmpty() ? tr("✔ %1 answers.").arg(uri)
                                             : tr("✘ %1: %2").arg(uri, error));
      },
      [this, uri](const QString& error) { testResult_->setText(tr("✘ %1: %2").arg(uri, error)); });
}

}  // namespace tweetlab::ui
