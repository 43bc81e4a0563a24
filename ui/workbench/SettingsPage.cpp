#include "ui/workbench/SettingsPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {

SettingsPage::SettingsPage(QWidget* parent)
    : QWidget(parent),
      trackingUri_(new QLineEdit),
      experiment_(new QLineEdit),
      dataDir_(new QLineEdit),
      threads_(new QSpinBox),
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

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(tracking);
  layout->addWidget(storage);
  layout->addWidget(production);
  layout->addLayout(buttons);
  layout->addStretch();
  reload();
}

void SettingsPage::reload() {
  AppSettings s;
  trackingUri_->setText(s.trackingUri());
  experiment_->setText(s.experimentName());
  dataDir_->setText(s.dataDirectory());
  threads_->setValue(s.threads());
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
  s.setApiUrl(apiUrl_->text().trimmed());
  s.setAppInsightsConnectionString(connectionString_->text().trimmed());
  s.setApiKey(apiKey_->text());
  s.setFeedbackRoute(feedbackRoute_->currentData().toString());
  s.setSendValidatedEvents(validatedEvents_->isChecked());
  s.setAlertThreshold(alertThreshold_->value());
  s.setAlertWindowMinutes(alertWindow_->value());
  emit settingsChanged();
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
  auto* watcher = new QFutureWatcher<QString>(this);
  connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, uri] {
    const QString error = watcher->result();
    testResult_->setText(error.isEmpty() ? tr("✔ %1 answers.").arg(uri)
                                         : tr("✘ %1: %2").arg(uri, error));
    watcher->deleteLater();
  });
  watcher->setFuture(QtConcurrent::run([test = test_, uri] { return test(uri); }));
}

}  // namespace tweetlab::ui
