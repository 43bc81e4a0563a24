#include "ui/workbench/SettingsPage.h"

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
      testResult_(new QLabel) {
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
    const auto dir = QFileDialog::getExistingDirectory(this, tr("Data directory"), dataDir_->text());
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
  productionForm->addRow(tr("Application Insights connection string"), connectionString_);

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
