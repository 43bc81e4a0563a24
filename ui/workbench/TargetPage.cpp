#include "ui/workbench/TargetPage.h"

#include <QChartView>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "ui/charts/DomainCharts.h"
#include "ui/workbench/BackgroundTask.h"
#include "ui/workbench/ChartViewReplace.h"
#include "ui/workbench/CurvePanel.h"
#include "ui/workbench/FileDialogs.h"
#include "ui/workbench/RunTracking.h"

namespace tweetlab::ui {
namespace {

QLineEdit* pathEdit(const char* name, const QString& placeholder) {
  auto* edit = new QLineEdit;
  edit->setObjectName(QString::fromLatin1(name));
  edit->setPlaceholderText(placeholder);
  return edit;
}

QHBoxLayout* withBrowse(QLineEdit* edit, QWidget* parent, bool directory, const QString& title) {
  auto* row = new QHBoxLayout;
  auto* browse = new QPushButton(QObject::tr("…"));
  QObject::connect(browse, &QPushButton::clicked, parent, [edit, parent, directory, title] {
    const auto chosen = directory
                            ? chooseDirectory(parent, QStringLiteral("bundle"), title)
                            : chooseOpenFile(parent, QStringLiteral("dataset"), title,
                                             QObject::tr("Tweets (*.csv *.tsv *.jsonl *.txt);;"
                                                         "All files (*)"));
    if (!chosen.isEmpty()) edit->setText(chosen);
  });
  row->addWidget(edit, 1);
  row->addWidget(browse);
  return row;
}

QString number(double v, int decimals = 4) {
  return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("–");
}

}  // namespace

TargetPage::TargetPage(RunTracking* tracking, QWidget* parent)
    : QWidget(parent),
      tracking_(tracking),
      tabs_(new QTabWidget),
      bundle_(pathEdit("targetBundle", tr("model bundle folder"))),
      bundleInfo_(new QLabel),
      target_(pathEdit("targetFile", tr("labelled target tweets (CSV text,label)"))),
      evaluateButton_(new QPushButton(tr("&Evaluate"))),
      metrics_(new QTableWidget(0, 3)),
      reliability_(new QChartView),
      method_(new QComboBox),
      threshold_(new QComboBox),
      pool_(pathEdit("calibrationPool", tr("optional: unlabelled target tweets (prior, EM)"))),
      out_(pathEdit("calibratedBundle", tr("folder for the calibrated bundle"))),
      calibrateButton_(new QPushButton(tr("&Calibrate"))),
      calibrationReport_(new QLabel),
      texts_(new QPlainTextEdit),
      predictButton_(new QPushButton(tr("Predict"))),
      predictionTable_(new QTableWidget(0, 3)),
      status_(new QLabel),
      curve_(new CurvePanel(tracking)),
      task_(new BackgroundTask(this)) {
  tabs_->addTab(buildEvaluateTab(), tr("Evaluate && calibrate"));
  tabs_->addTab(curve_, tr("Learning curve"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(tabs_);
  connect(curve_, &CurvePanel::statusMessage, this, &TargetPage::statusMessage);

  connect(task_, &BackgroundTask::statusChanged, this,
          [this](const QString& message) { status_->setText(message); });
  connect(task_, &BackgroundTask::succeeded, this, [this] {
    const auto job = job_;
    auto work = std::move(work_);
    setBusy(false);
    if (job == Job::Evaluate) {
      evaluation_ = work->evaluation;
      showEvaluation();
      emit evaluated(QString::fromStdString(work->runId));
    } else if (job == Job::Calibrate) {
      const auto& outcome = *work->calibration;
      calibrationReport_->setText(
          tr("<b>Calibrated:</b> %1<br>new bundle version %2")
              .arg(QString::fromStdString(outcome.calibration.describe()).toHtmlEscaped(),
                   QString::fromStdString(outcome.manifest.version).toHtmlEscaped()));
      setBundle(out_->text());
      emit calibrated(out_->text());
      if (!target_->text().isEmpty()) evaluate();  // before and after, on the same tweets
    } else if (job == Job::Predict) {
      predictions_ = work->predictions;
      predictionTable_->setRowCount(static_cast<int>(predictions_.size()));
      for (int i = 0; i < static_cast<int>(predictions_.size()); ++i) {
        const auto& p = predictions_[static_cast<std::size_t>(i)];
        predictionTable_->setItem(
            i, 0,
            new QTableWidgetItem(QString::fromStdString(work->texts[static_cast<std::size_t>(i)])));
        predictionTable_->setItem(i, 1, new QTableWidgetItem(QString::fromStdString(p.sentiment)));
        predictionTable_->setItem(i, 2, new QTableWidgetItem(number(p.probabilityPositive)));
      }
      emit predicted();
    }
  });
  connect(task_, &BackgroundTask::failed, this, [this](const QString& message) {
    work_.reset();
    setBusy(false);
    status_->setText(tr("<b>Failed:</b> %1").arg(message.toHtmlEscaped()));
    emit failed(message);
    emit statusMessage(message);
  });
}

TargetPage::~TargetPage() = default;

QWidget* TargetPage::buildEvaluateTab() {
  bundleInfo_->setObjectName("bundleInfo");
  bundleInfo_->setWordWrap(true);
  evaluateButton_->setObjectName("evaluateButton");
  metrics_->setObjectName("targetMetrics");
  metrics_->setHorizontalHeaderLabels({tr("metric"), tr("as deployed"), tr("before calibration")});
  metrics_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  metrics_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  reliability_->setObjectName("reliabilityChart");
  reliability_->setRenderHint(QPainter::Antialiasing);
  reliability_->setMinimumHeight(240);
  replaceChart(reliability_, charts::createReliabilityChart(tr("Reliability (target tweets)")));
  method_->setObjectName("calibrationMethod");
  method_->addItems({"isotonic", "platt", "none"});
  threshold_->setObjectName("calibrationThreshold");
  threshold_->setEditable(true);
  threshold_->addItems({"balanced", "f1", "0.5"});
  calibrateButton_->setObjectName("calibrateButton");
  calibrationReport_->setObjectName("calibrationReport");
  calibrationReport_->setWordWrap(true);
  texts_->setObjectName("targetTexts");
  texts_->setPlaceholderText(tr("One tweet per line: the bundle answers as tweetlab-serve does"));
  texts_->setMaximumHeight(90);
  predictButton_->setObjectName("targetPredict");
  predictionTable_->setObjectName("targetPredictions");
  predictionTable_->setHorizontalHeaderLabels({tr("text"), tr("sentiment"), tr("P(positive)")});
  predictionTable_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  predictionTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  status_->setObjectName("targetStatus");
  status_->setWordWrap(true);

  connect(bundle_, &QLineEdit::editingFinished, this, [this] { showBundleInfo(); });
  connect(evaluateButton_, &QPushButton::clicked, this, &TargetPage::evaluate);
  connect(calibrateButton_, &QPushButton::clicked, this, &TargetPage::calibrate);
  connect(predictButton_, &QPushButton::clicked, this,
          [this] { predictTexts(texts_->toPlainText().split('\n', Qt::SkipEmptyParts)); });

  auto* model = new QGroupBox(tr("Model and target tweets"));
  auto* modelForm = new QFormLayout(model);
  modelForm->addRow(tr("Bundle"), withBrowse(bundle_, this, true, tr("Model bundle")));
  modelForm->addRow(bundleInfo_);
  modelForm->addRow(tr("Target tweets"),
                    withBrowse(target_, this, false, tr("Labelled target tweets")));
  modelForm->addRow(evaluateButton_);

  auto* calibration = new QGroupBox(tr("Calibrate for the target"));
  auto* calibrationForm = new QFormLayout(calibration);
  calibrationForm->addRow(tr("Map"), method_);
  calibrationForm->addRow(tr("Threshold"), threshold_);
  calibrationForm->addRow(tr("Unlabelled tweets"),
                          withBrowse(pool_, this, false, tr("Unlabelled target tweets")));
  calibrationForm->addRow(tr("New bundle"), withBrowse(out_, this, true, tr("Calibrated bundle")));
  calibrationForm->addRow(calibrateButton_);
  calibrationForm->addRow(calibrationReport_);

  auto* tryBox = new QGroupBox(tr("Try texts with this bundle"));
  auto* tryLayout = new QVBoxLayout(tryBox);
  tryLayout->addWidget(texts_);
  tryLayout->addWidget(predictButton_, 0, Qt::AlignRight);
  tryLayout->addWidget(predictionTable_);

  auto* left = new QWidget;
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->addWidget(model);
  leftLayout->addWidget(calibration);
  leftLayout->addWidget(status_);
  leftLayout->addStretch();
  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(metrics_);
  right->addWidget(reliability_);
  right->addWidget(tryBox);
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  return split;
}

QString TargetPage::bundlePath() const {
  return bundle_->text().trimmed();
}

bool TargetPage::isBusy() const {
  return task_->isRunning();
}

void TargetPage::setBundle(const QString& dir) {
  bundle_->setText(dir);
  showBundleInfo();
}

void TargetPage::setTargetFile(const QString& file) {
  target_->setText(file);
}

void TargetPage::setCalibration(const QString& method, const QString& threshold,
                                const QString& pool, const QString& out) {
  method_->setCurrentText(method);
  threshold_->setCurrentText(threshold);
  pool_->setText(pool);
  out_->setText(out);
}

void TargetPage::showBundleInfo() {
  try {
    const auto m = bundle::readManifest(bundlePath().toStdString());
    bundleInfo_->setText(
        tr("%1 %2 (%3), threshold %4, calibration: %5")
            .arg(QString::fromStdString(m.name), QString::fromStdString(m.version),
                 QString::fromStdString(m.family), number(m.threshold, 3),
                 m.calibration ? QString::fromStdString(m.calibration->describe()) : tr("none")));
    if (out_->text().isEmpty()) out_->setText(bundlePath() + "-calibrated");
  } catch (const std::exception& e) {
    bundleInfo_->setText(QString::fromUtf8(e.what()));
  }
}

void TargetPage::setBusy(bool busy) {
  evaluateButton_->setEnabled(!busy);
  calibrateButton_->setEnabled(!busy);
  predictButton_->setEnabled(!busy);
  if (!busy) job_ = Job::None;
}

void TargetPage::evaluate() {
  if (task_->isRunning()) return;
  const auto bundleDir = bundlePath().toStdString();
  const auto file = target_->text().trimmed().toStdString();
  if (bundleDir.empty() || file.empty()) {
    status_->setText(tr("Choose a bundle and labelled target tweets first."));
    return;
  }
  setBusy(true);
  job_ = Job::Evaluate;
  work_ = std::make_shared<Work>();
  status_->setText(tr("Evaluating…"));
  task_->start([bundleDir, file, work = work_, tracking = tracking_](train::TrainObserver& o) {
    o.status("loading the bundle and the target tweets");
    const auto predictor = bundle::Predictor::load(bundleDir);
    sources::EvalSetSpec spec;
    spec.path = file;
    spec.name = domain::setNameFromPath(spec.path);
    work->evaluation = std::make_shared<domain::BundleEvaluation>(
        domain::evaluateBundle(*predictor, bundleDir, {sources::loadEvaluationSet(spec)}));
    o.status("recording the evaluation run");
    if (tracking)
      work->runId =
          tracking->trackRecord(work->evaluation->record(), work->evaluation->artifactWriter());
  });
}

void TargetPage::calibrate() {
  if (task_->isRunning()) return;
  domain::CalibrateRequest request;
  request.bundle = bundlePath().toStdString();
  request.out = out_->text().trimmed().toStdString();
  if (request.bundle.empty() || request.out.empty()) {
    status_->setText(tr("Choose a bundle and a folder for the calibrated bundle first."));
    return;
  }
  try {
    request.method = calibration::methodFromString(method_->currentText().toStdString());
    request.threshold = calibration::ThresholdRule::parse(threshold_->currentText().toStdString());
  } catch (const std::exception& e) {
    status_->setText(QString::fromUtf8(e.what()));
    return;
  }
  if (!target_->text().trimmed().isEmpty()) {
    sources::EvalSetSpec labelled;
    labelled.name = "labelled";
    labelled.path = target_->text().trimmed().toStdString();
    request.labelled = labelled;
  }
  if (!pool_->text().trimmed().isEmpty())
    request.unlabelled = pool_->text().trimmed().toStdString();
  setBusy(true);
  job_ = Job::Calibrate;
  work_ = std::make_shared<Work>();
  status_->setText(tr("Calibrating…"));
  task_->start([request, work = work_](train::TrainObserver& o) {
    o.status("fitting the calibration");
    work->calibration = domain::calibrateBundle(request);
  });
}

void TargetPage::predictTexts(const QStringList& texts) {
  if (task_->isRunning() || texts.isEmpty()) return;
  const auto bundleDir = bundlePath().toStdString();
  if (bundleDir.empty()) {
    status_->setText(tr("Choose a bundle first."));
    return;
  }
  setBusy(true);
  job_ = Job::Predict;
  work_ = std::make_shared<Work>();
  for (const auto& t : texts) work_->texts.push_back(t.toStdString());
  task_->start([bundleDir, work = work_](train::TrainObserver&) {
    work->predictions = bundle::Predictor::load(bundleDir)->predict(work->texts);
  });
}

void TargetPage::showEvaluation() {
  const auto& e = *evaluation_;
  auto* chart = charts::createReliabilityChart(
      tr("Reliability: %1").arg(QString::fromStdString(e.manifest.name)));
  metrics_->setRowCount(0);
  for (const auto& s : e.sets) {
    const auto after = s.evaluation.toJson();
    const auto before = s.before ? s.before->toJson() : nlohmann::json::object();
    const std::pair<const char*, QString> rows[] = {
        {"accuracy", tr("accuracy")},
        {"balanced_accuracy", tr("balanced accuracy")},
        {"roc_auc", tr("ROC AUC")},
        {"macro_f1", tr("macro-F1")},
        {"predicted_positive_rate", tr("predicted positive rate")},
        {"positive_rate", tr("true positive rate (prior)")},
        {"ece", tr("ECE")},
        {"brier", tr("Brier score")},
        {"threshold", tr("threshold")},
        {"count", tr("tweets")}};
    for (const auto& [key, label] : rows) {
      const int row = metrics_->rowCount();
      metrics_->insertRow(row);
      const auto value = [](const nlohmann::json& j, const char* k) {
        return j.contains(k) && j[k].is_number() ? number(j[k].get<double>()) : QStringLiteral("–");
      };
      metrics_->setItem(
          row, 0, new QTableWidgetItem(QString::fromStdString(s.evaluation.name) + " · " + label));
      metrics_->setItem(row, 1, new QTableWidgetItem(value(after, key)));
      metrics_->setItem(row, 2, new QTableWidgetItem(s.before ? value(before, key) : QString()));
    }
    for (const auto& w : s.evaluation.warnings) {
      const int row = metrics_->rowCount();
      metrics_->insertRow(row);
      auto* item = new QTableWidgetItem(tr("⚠ %1").arg(QString::fromStdString(w)));
      metrics_->setItem(row, 0, item);
      metrics_->setSpan(row, 0, 1, 3);
    }
    if (s.before)
      charts::addReliabilityCurve(chart, tr("before calibration"), s.before->reliability);
    charts::addReliabilityCurve(chart, QString::fromStdString(s.evaluation.name),
                                s.evaluation.reliability);
  }
  replaceChart(reliability_, chart);
  status_->setText(tr("Evaluated %1 on %2 target tweets (recorded as an evaluation run)")
                       .arg(QString::fromStdString(e.manifest.name))
                       .arg(e.sets.empty() ? 0 : e.sets[0].evaluation.metrics.count));
  emit statusMessage(status_->text());
}

}  // namespace tweetlab::ui
