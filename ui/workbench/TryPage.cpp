#include "ui/workbench/TryPage.h"

#include <QDateTime>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QUuid>
#include <QVBoxLayout>

#include "core/common/Errors.h"
#include "core/data/SplitExport.h"
#include "core/sources/FeedbackDataset.h"
#include "core/telemetry/FeedbackLog.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/FeedbackTelemetry.h"
#include "ui/workbench/FileDialogs.h"
#include "ui/workbench/LabelQueue.h"

namespace tweetlab::ui {
namespace {

std::string isoNowUtc() {
  return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
}

}  // namespace

TryPage::TryPage(QWidget* parent) : QWidget(parent), client_(new PredictionClient(this)) {
  url_ = new QLineEdit;
  url_->setObjectName("apiUrl");
  url_->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080"));
  connect(url_, &QLineEdit::editingFinished, this, [this] {
    const QString url = url_->text().trimmed();
    if (url == AppSettings().apiUrl()) return;
    client_->setBaseUrl(url);
    AppSettings().setApiUrl(url);
    emit apiUrlChanged(url);
  });
  text_ = new QPlainTextEdit;
  text_->setObjectName("tweetText");
  text_->setPlaceholderText(tr("Type a tweet, e.g. \"just got my exam results, so happy!!\""));
  text_->setMaximumHeight(110);
  predictButton_ = new QPushButton(tr("Predict"));
  predictButton_->setObjectName("predictButton");
  predictButton_->setToolTip(tr("Ctrl+Return"));
  predictButton_->setDefault(true);
  connect(predictButton_, &QPushButton::clicked, this, &TryPage::predict);
  auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
  connect(shortcut, &QShortcut::activated, this, &TryPage::predict);

  sentiment_ = new QLabel(tr("No prediction yet"));
  sentiment_->setObjectName("sentiment");
  QFont big = sentiment_->font();
  big.setPointSizeF(big.pointSizeF() * 1.8);
  big.setBold(true);
  sentiment_->setFont(big);
  confidence_ = new QProgressBar;
  confidence_->setObjectName("confidence");
  confidence_->setRange(0, 100);
  confidence_->setFormat(tr("confidence %p%"));
  confidence_->setValue(0);
  model_ = new QLabel;
  model_->setObjectName("modelInfo");
  error_ = new QLabel;
  error_->setObjectName("error");
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #c62828;"));
  correct_ = new QPushButton(tr("✔ &Correct"));
  correct_->setObjectName("correctButton");
  wrong_ = new QPushButton(tr("✘ &Wrong"));
  wrong_->setObjectName("wrongButton");
  connect(correct_, &QPushButton::clicked, this, &TryPage::markCorrect);
  connect(wrong_, &QPushButton::clicked, this, &TryPage::markWrong);

  counts_ = new QLabel;
  counts_->setObjectName("sessionCounts");
  banner_ = new QLabel;
  banner_->setObjectName("alertBanner");
  banner_->setWordWrap(true);
  banner_->setStyleSheet(
      QStringLiteral("background: #b71c1c; color: white; padding: 8px; border-radius: 4px;"));
  banner_->hide();
  delivery_ = new QLabel;
  delivery_->setObjectName("deliveryStatus");
  delivery_->setWordWrap(true);
  queueStatus_ = new QLabel;
  queueStatus_->setObjectName("deliveryQueue");
  queueStatus_->setWordWrap(true);
  queueStatus_->hide();
  auto* exportButton = new QPushButton(tr("Export feedback as CSV…"));
  exportButton->setObjectName("exportFeedback");
  connect(exportButton, &QPushButton::clicked, this, [this] {
    const auto file = chooseSaveFile(this, QStringLiteral("feedback"), tr("Export feedback"),
                                     QStringLiteral("feedback.csv"), tr("CSV (*.csv)"));
    if (!file.isEmpty()) exportFeedback(file);
  });

  auto* urlRow = new QHBoxLayout;
  urlRow->addWidget(new QLabel(tr("API")));
  urlRow->addWidget(url_, 1);
  auto* inputBox = new QGroupBox(tr("Tweet"));
  auto* input = new QVBoxLayout(inputBox);
  input->addLayout(urlRow);
  input->addWidget(text_);
  input->addWidget(predictButton_, 0, Qt::AlignRight);

  auto* resultBox = new QGroupBox(tr("Prediction"));
  auto* result = new QVBoxLayout(resultBox);
  result->addWidget(sentiment_);
  result->addWidget(confidence_);
  result->addWidget(model_);
  result->addWidget(error_);
  auto* verdictRow = new QHBoxLayout;
  verdictRow->addWidget(new QLabel(tr("Is it right?")));
  verdictRow->addStretch();
  verdictRow->addWidget(correct_);
  verdictRow->addWidget(wrong_);
  result->addLayout(verdictRow);

  auto* sessionBox = new QGroupBox(tr("This session"));
  auto* session = new QVBoxLayout(sessionBox);
  session->addWidget(banner_);
  session->addWidget(counts_);
  session->addWidget(delivery_);
  session->addWidget(queueStatus_);
  session->addWidget(exportButton, 0, Qt::AlignLeft);

  queue_ = new LabelQueue;
  queue_->setObjectName("labelQueue");
  connect(queue_, &LabelQueue::labelled, this, &TryPage::feedbackRecorded);
  connect(queue_, &LabelQueue::statusMessage, this, &TryPage::statusMessage);
  connect(queue_, &LabelQueue::failed, this, &TryPage::statusMessage);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(inputBox);
  layout->addWidget(resultBox);
  layout->addWidget(sessionBox);
  layout->addWidget(queue_);
  layout->addStretch();

  connect(client_, &PredictionClient::predicted, this, &TryPage::showPrediction);
  connect(client_, &PredictionClient::failed, this, &TryPage::showError);
  connect(client_, &PredictionClient::feedbackStored, this, [this](const QString& id) {
    delivery_->setText(tr("Feedback stored by the API (%1)").arg(id));
    emit statusMessage(delivery_->text());
  });
  reloadSettings();
  correct_->setEnabled(false);
  wrong_->setEnabled(false);
  updateSession();
}

TryPage::~TryPage() = default;

void TryPage::reloadSettings() {
  AppSettings settings;
  url_->setText(settings.apiUrl());
  client_->setBaseUrl(settings.apiUrl());
  client_->setApiKey(settings.apiKey());
  route_ = settings.feedbackRoute();
  sendValidated_ = settings.sendValidatedEvents();
  alert_ = std::make_unique<telemetry::RejectionAlert>(
      static_cast<std::size_t>(std::max(1, settings.alertThreshold())),
      std::chrono::minutes(std::max(1, settings.alertWindowMinutes())));
  reloadTelemetry(settings);
  const auto logPath = settings.feedbackLogPath().toStdString();
  if (!log_ || log_->file() != logPath) {
    try {
      log_ = std::make_shared<telemetry::FeedbackLog>(logPath);
    } catch (const std::exception& e) {
      log_.reset();
      showError(tr("The feedback log cannot be opened: %1").arg(QString::fromUtf8(e.what())));
    }
  }
  queue_->setFeedbackLog(log_);
}

void TryPage::reloadTelemetry(const AppSettings& settings) {
  const QString connection = settings.appInsightsConnectionString().trimmed();
  // The offline queue lives beside the feedback log, so undelivered verdicts survive a restart.
  const QString logPath = QFileInfo(settings.feedbackLogPath()).absoluteFilePath();
  const QString queueDir = QFileInfo(logPath).absolutePath() + "/appinsights-queue";
  // Not the API URL: it goes with each verdict, so editing the URL field never replaces the
  // delivery while a verdict is on its way to the log (that one would wait for the next start).
  const QString key =
      route_ == QLatin1String("direct")
          ? QStringList{connection, queueDir, logPath, sendValidated_ ? "1" : "0"}.join('\n')
          : QString();
  if (key == telemetryKey_) return;
  delete telemetry_;  // persists what it could not send yet
  telemetry_ = nullptr;
  telemetryKey_ = key;
  if (key.isEmpty() || connection.isEmpty()) {
    showQueueStatus(QString(), false);
    return;
  }
  try {
    telemetry_ = new FeedbackTelemetry(connection, queueDir, logPath, client_->baseUrl(),
                                       sendValidated_, this);
    connect(telemetry_, &FeedbackTelemetry::deliveryReport, this,
            [this](const QString& message, bool problem) {
              delivery_->setText(message);
              delivery_->setProperty("problem", problem);
              emit statusMessage(message);
            });
    connect(telemetry_, &FeedbackTelemetry::queueStatus, this, &TryPage::showQueueStatus);
    bool problem = false;
    const QString summary = telemetry_->queueSummary(&problem);
    showQueueStatus(summary, problem);
    if (telemetry_->replayedAtStart() > 0) {
      delivery_->setText(
          tr("%n verdict(s) stored but not confirmed delivered in an earlier session are sent "
             "again",
             nullptr, static_cast<int>(telemetry_->replayedAtStart())));
    }
  } catch (const std::exception& e) {
    showError(tr("Application Insights connection string: %1").arg(QString::fromUtf8(e.what())));
    showQueueStatus(
        tr("Application Insights: not configured (%1)").arg(QString::fromUtf8(e.what())), true);
  }
}

QString TryPage::deliveryQueue() const {
  return queueStatus_->text();
}

bool TryPage::deliveryQueueProblem() const {
  return queueStatus_->property("problem").toBool();
}

void TryPage::showQueueStatus(const QString& summary, bool problem) {
  queueStatus_->setText(summary);
  queueStatus_->setVisible(!summary.isEmpty());
  queueStatus_->setProperty("problem", problem);
  queueStatus_->setStyleSheet(problem ? QStringLiteral("color: #c62828;") : QString());
  emit deliveryQueueChanged(summary, problem);
}

void TryPage::setBusy(bool busy) {
  predictButton_->setEnabled(!busy);
  if (busy)
    predictButton_->setText(tr("Predicting…"));
  else
    predictButton_->setText(tr("Predict"));
}

void TryPage::predict() {
  const auto text = text_->toPlainText().trimmed();
  if (text.isEmpty()) {
    showError(tr("Type a tweet first."));
    return;
  }
  if (!predictButton_->isEnabled()) return;  // one request at a time
  error_->clear();
  current_.reset();
  correct_->setEnabled(false);
  wrong_->setEnabled(false);
  setBusy(true);
  client_->setBaseUrl(url_->text().trimmed());
  client_->predict(text);
}

void TryPage::showPrediction(const ApiPrediction& prediction) {
  setBusy(false);
  current_ = prediction;
  ++session_.predictions;
  const bool positive = prediction.sentiment == QLatin1String("positive");
  sentiment_->setText(positive ? tr("😊 positive") : tr("☹ negative"));
  sentiment_->setStyleSheet(positive ? QStringLiteral("color: #2e7d32;")
                                     : QStringLiteral("color: #c62828;"));
  confidence_->setValue(static_cast<int>(std::lround(prediction.score * 100)));
  model_->setText(tr("model %1, version %2").arg(prediction.modelName, prediction.modelVersion));
  correct_->setEnabled(true);
  wrong_->setEnabled(true);
  updateSession();
}

void TryPage::showError(const QString& message) {
  setBusy(false);
  error_->setText(message);
  emit statusMessage(message);
}

void TryPage::verdict(bool accepted) {
  if (!current_) return;
  telemetry::FeedbackRecord record;
  record.id = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
  record.receivedAt = isoNowUtc();
  record.text = current_->text.toStdString();
  record.predicted = current_->sentiment.toStdString();
  record.score = current_->score;
  record.accepted = accepted;
  record.modelName = current_->modelName.toStdString();
  record.modelVersion = current_->modelVersion.toStdString();
  current_.reset();
  correct_->setEnabled(false);
  wrong_->setEnabled(false);

  (accepted ? session_.accepted : session_.rejected)++;
  if (!accepted) {
    if (auto fired = alert_->recordRejection(std::chrono::system_clock::now())) {
      ++session_.alerts;
      const int minutes = static_cast<int>(alert_->window().count() / 60);
      banner_->setText(
          tr("⚠ Alert: %1 rejected predictions within %2 minutes (at %3). The same rule fires in "
             "Azure Monitor.")
              .arg(fired->rejections)
              .arg(minutes)
              .arg(QDateTime::currentDateTime().toString("HH:mm:ss")));
      banner_->show();
      emit alertRaised(static_cast<int>(fired->rejections), minutes);
    }
  }
  updateSession();

  // The direct route marks the record before it is stored: a verdict stored but still in memory
  // when the app is killed is then sent at the next start. It is sent once it is stored, with the
  // URL of the API that made the prediction. The settings are those reloadSettings() applied
  // (the Settings page calls it), never read again here.
  const QString apiUrl = client_->baseUrl();
  const bool direct = route_ == QLatin1String("direct") && telemetry_ != nullptr;
  if (direct) telemetry_->prepare(record);
  // The local log first (durable, off the GUI thread); the network routes never block either.
  if (log_) {
    QPointer<FeedbackTelemetry> telemetry(direct ? telemetry_ : nullptr);
    files_.run([log = log_, record] { log->append(record); },
               [this, record, telemetry, apiUrl] {
                 if (telemetry) telemetry->send(record, apiUrl);
                 emit feedbackRecorded(record);
               },
               [this, record, telemetry, apiUrl](const QString& problem) {
                 if (telemetry) telemetry->send(record, apiUrl);  // even unstored: better sent
                 showError(tr("The verdict could not be saved locally: %1").arg(problem));
               });
  }
  if (route_ == QLatin1String("api")) {
    client_->sendFeedback(QJsonObject{
        {"text", QString::fromStdString(record.text)},
        {"predicted", QString::fromStdString(record.predicted)},
        {"score", record.score},
        {"accepted", record.accepted},
        {"model", QJsonObject{{"name", QString::fromStdString(record.modelName)},
                              {"version", QString::fromStdString(record.modelVersion)}}}});
  } else if (route_ == QLatin1String("direct")) {
    if (!telemetry_) {
      delivery_->setText(
          tr("Saved locally only: set an Application Insights connection string in Settings"));
    } else if (!log_) {
      telemetry_->send(record, apiUrl);  // no log to wait for
    }
  }
  emit statusMessage(accepted ? tr("Marked correct") : tr("Marked wrong: saved as a rejection"));
}

void TryPage::updateSession() {
  const int judged = session_.accepted + session_.rejected;
  const QString accuracy = judged == 0
                               ? QStringLiteral("–")
                               : QString::number(100.0 * session_.accepted / judged, 'f', 1) + "%";
  counts_->setText(
      tr("Predictions: %1 · accepted: %2 · rejected: %3 · accuracy so far: %4 · alerts: %5")
          .arg(session_.predictions)
          .arg(session_.accepted)
          .arg(session_.rejected)
          .arg(accuracy)
          .arg(session_.alerts));
}

void TryPage::exportFeedback(const QString& file) {
  if (!log_) return;
  files_.run(
      [logFile = log_->file(), out = file.toStdString()] {
        // The tester's verdict is the label: an accepted prediction keeps it, a rejected one
        // flips.
        data::Dataset dataset;
        for (const auto& r : telemetry::FeedbackLog::readAll(logFile).records) {
          try {
            dataset.rows.push_back({r.text, sources::labelFromVerdict(r.predicted, r.accepted)});
          } catch (const InputError&) {  // a prediction that is neither label: no verdict
          }
        }
        data::writeCsv(out, dataset);
      },
      [this, file] {
        emit statusMessage(tr("Feedback exported to %1").arg(file));
        emit feedbackExported(file);
      },
      [this](const QString& problem) { showError(tr("Export failed: %1").arg(problem)); });
}

}  // namespace tweetlab::ui
