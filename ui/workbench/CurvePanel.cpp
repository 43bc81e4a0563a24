#include "ui/workbench/CurvePanel.h"

#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <atomic>

#include "core/common/Errors.h"
#include "ui/charts/ChartHover.h"
#include "ui/charts/ChartZoom.h"
#include "ui/charts/DomainCharts.h"
#include "ui/workbench/BackgroundTask.h"
#include "ui/workbench/ChartViewReplace.h"
#include "ui/workbench/FileDialogs.h"
#include "ui/workbench/RunTracking.h"

namespace tweetlab::ui {

CurvePanel::CurvePanel(RunTracking* tracking, QWidget* parent)
    : QWidget(parent),
      tracking_(tracking),
      target_(new QLineEdit),
      budgets_(new QLineEdit(QStringLiteral("0,50,100,200,500,1000"))),
      random_(new QCheckBox(tr("random"))),
      uncertainty_(new QCheckBox(tr("uncertainty"))),
      diverse_(new QCheckBox(tr("diverse"))),
      repeats_(new QSpinBox),
      testRows_(new QSpinBox),
      calibration_(new QSpinBox),
      weight_(new QDoubleSpinBox),
      targetOnly_(new QCheckBox(tr("also train on the target labels alone"))),
      metric_(new QComboBox),
      startButton_(new QPushButton(tr("Run the curve"))),
      cancelButton_(new QPushButton(tr("Cancel"))),
      progress_(new QProgressBar),
      status_(new QLabel(tr("Load the base data on the Data page and pick a model on the Train "
                            "page; then choose labelled target tweets."))),
      chart_(new QChartView),
      table_(new QTableWidget(0, 6)),
      task_(new BackgroundTask(this)) {
  new charts::ChartHover(chart_);  // the strategies' mean lines; the bands are not points
  new charts::ChartZoom(chart_);
  target_->setObjectName("curveTarget");
  target_->setPlaceholderText(tr("labelled target tweets (CSV text,label)"));
  budgets_->setObjectName("curveBudgets");
  random_->setChecked(true);
  uncertainty_->setChecked(true);
  repeats_->setRange(1, 20);
  repeats_->setValue(3);
  repeats_->setObjectName("curveRepeats");
  testRows_->setRange(10, 1'000'000);
  testRows_->setValue(2000);
  testRows_->setObjectName("curveTestRows");
  calibration_->setRange(0, 100'000);
  calibration_->setValue(200);
  calibration_->setObjectName("curveCalibration");
  calibration_->setToolTip(
      tr("Extra random target labels to calibrate each model (Platt, "
         "balanced threshold); 0 = none"));
  weight_->setRange(0.01, 1000);
  weight_->setValue(1.0);
  weight_->setObjectName("curveWeight");
  targetOnly_->setChecked(true);
  metric_->setObjectName("curveMetric");
  metric_->addItems({"balanced_accuracy", "roc_auc", "accuracy", "ece", "cal_balanced_accuracy",
                     "cal_ece", "val_accuracy"});
  startButton_->setObjectName("curveStart");
  cancelButton_->setObjectName("curveCancel");
  cancelButton_->setEnabled(false);
  progress_->hide();
  status_->setObjectName("curveStatus");
  status_->setWordWrap(true);
  chart_->setObjectName("curveChart");
  chart_->setRenderHint(QPainter::Antialiasing);
  chart_->setMinimumHeight(260);
  table_->setObjectName("curveTable");
  table_->setHorizontalHeaderLabels({tr("strategy"), tr("labels"), tr("runs"),
                                     tr("balanced accuracy"), tr("ROC AUC"), tr("calibrated")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  replaceChart(chart_, charts::buildCurveChart({}, tr("Learning curve"), tr("target labels"),
                                               tr("balanced accuracy")));

  auto* browse = new QPushButton(tr("…"));
  connect(browse, &QPushButton::clicked, this, [this] {
    const auto file = chooseOpenFile(this, QStringLiteral("dataset"), tr("Labelled target tweets"),
                                     tr("Tweets (*.csv *.tsv *.jsonl);;All (*)"));
    if (!file.isEmpty()) target_->setText(file);
  });
  auto* targetRow = new QHBoxLayout;
  targetRow->addWidget(target_, 1);
  targetRow->addWidget(browse);
  auto* strategies = new QHBoxLayout;
  strategies->addWidget(random_);
  strategies->addWidget(uncertainty_);
  strategies->addWidget(diverse_);
  strategies->addStretch();

  auto* form = new QGroupBox(tr("Learning curve"));
  auto* formLayout = new QFormLayout(form);
  formLayout->addRow(tr("Target tweets"), targetRow);
  formLayout->addRow(tr("Label budgets"), budgets_);
  formLayout->addRow(tr("Strategies"), strategies);
  formLayout->addRow(tr("Repeats"), repeats_);
  formLayout->addRow(tr("Held-out target tweets"), testRows_);
  formLayout->addRow(tr("Calibration labels"), calibration_);
  formLayout->addRow(tr("Target label weight"), weight_);
  formLayout->addRow(targetOnly_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(startButton_);
  buttons->addWidget(cancelButton_);
  buttons->addWidget(progress_, 1);
  formLayout->addRow(buttons);
  formLayout->addRow(status_);

  auto* chartBox = new QWidget;
  auto* chartLayout = new QVBoxLayout(chartBox);
  auto* metricRow = new QHBoxLayout;
  metricRow->addWidget(new QLabel(tr("Plot")));
  metricRow->addWidget(metric_);
  metricRow->addStretch();
  chartLayout->addLayout(metricRow);
  chartLayout->addWidget(chart_, 1);
  chartLayout->addWidget(table_);

  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(form);
  split->addWidget(chartBox);
  split->setStretchFactor(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  connect(startButton_, &QPushButton::clicked, this, &CurvePanel::start);
  connect(cancelButton_, &QPushButton::clicked, this, &CurvePanel::cancel);
  connect(metric_, &QComboBox::currentTextChanged, this, [this] {
    if (result_) showResult();
  });
  connect(task_, &BackgroundTask::statusChanged, this,
          [this](const QString& m) { status_->setText(m); });
  connect(task_, &BackgroundTask::succeeded, this, [this] {
    result_ = std::move(running_);
    progress_->hide();
    startButton_->setEnabled(true);
    cancelButton_->setEnabled(false);
    showResult();
    status_->setText(tr("%1 points, each tracked as a run").arg(result_->points.size()));
    emit finished(static_cast<int>(result_->points.size()));
  });
  const auto stopped = [this](const QString& message) {
    running_.reset();
    progress_->hide();
    startButton_->setEnabled(true);
    cancelButton_->setEnabled(false);
    status_->setText(message);
    emit statusMessage(message);
  };
  connect(task_, &BackgroundTask::failed, this, [this, stopped](const QString& m) {
    stopped(tr("<b>Curve failed:</b> %1").arg(m.toHtmlEscaped()));
    emit failed(m);
  });
  connect(task_, &BackgroundTask::cancelled, this, [this, stopped] {
    stopped(tr("Cancelled; the points already tracked stay in the store."));
    emit cancelled();
  });
}

CurvePanel::~CurvePanel() = default;

void CurvePanel::setTargetFile(const QString& file) {
  target_->setText(file);
}
void CurvePanel::setBudgets(const QString& budgets) {
  budgets_->setText(budgets);
}
void CurvePanel::setRepeats(int repeats) {
  repeats_->setValue(repeats);
}
void CurvePanel::setTestRows(int rows) {
  testRows_->setValue(rows);
}
void CurvePanel::setCalibrationLabels(int rows) {
  calibration_->setValue(rows);
}
void CurvePanel::setStrategies(bool random, bool uncertainty, bool diverse) {
  random_->setChecked(random);
  uncertainty_->setChecked(uncertainty);
  diverse_->setChecked(diverse);
}
void CurvePanel::setMetric(const QString& metric) {
  metric_->setCurrentText(metric);
}
bool CurvePanel::isRunning() const {
  return task_->isRunning();
}
void CurvePanel::cancel() {
  task_->cancel();
}

void CurvePanel::start() {
  if (task_->isRunning()) return;
  std::optional<experiment::ExperimentSpec> base;
  if (baseProvider_) base = baseProvider_();
  if (!base || base->data.path.empty()) {
    status_->setText(tr("Load the base data on the Data page first."));
    return;
  }
  domain::CurveSpec spec;
  spec.base = *base;
  spec.base.data.add.clear();  // the curve adds the target labels itself
  spec.base.data.eval.clear();
  try {
    spec.target.name = "target";
    spec.target.path = target_->text().trimmed().toStdString();
    if (spec.target.path.empty()) throw InputError("choose labelled target tweets first");
    spec.budgets = domain::parseBudgets(budgets_->text().trimmed().toStdString());
    spec.strategies.clear();
    if (random_->isChecked()) spec.strategies.push_back(domain::Strategy::Random);
    if (uncertainty_->isChecked()) spec.strategies.push_back(domain::Strategy::Uncertainty);
    if (diverse_->isChecked()) spec.strategies.push_back(domain::Strategy::Diverse);
    if (spec.strategies.empty()) throw InputError("choose at least one strategy");
  } catch (const std::exception& e) {
    status_->setText(QString::fromUtf8(e.what()));
    return;
  }
  spec.repeats = repeats_->value();
  spec.testRows = static_cast<std::size_t>(testRows_->value());
  spec.calibrationLabels = static_cast<std::size_t>(calibration_->value());
  spec.targetWeight = weight_->value();
  spec.targetOnly = targetOnly_->isChecked();
  running_ = std::make_shared<domain::CurveResult>();
  startButton_->setEnabled(false);
  cancelButton_->setEnabled(true);
  progress_->setRange(0, 0);
  progress_->show();
  const auto curveId = tracking::newRunId().substr(0, 12);
  task_->start([spec, out = running_, tracking = tracking_, curveId](train::TrainObserver& o) {
    *out = domain::runLearningCurve(
        spec, o, [&](experiment::ExperimentResult& r, domain::CurvePoint& point) {
          r.extraTags["tweetlab.curve_id"] = curveId;
          if (tracking) point.runId = tracking->trackResult(r, /*exportModel=*/false);
        });
  });
}

void CurvePanel::showResult() {
  const auto metric = metric_->currentText().toStdString();
  replaceChart(chart_,
               charts::buildCurveChart(result_->series(metric),
                                       tr("Target %1 by target labels").arg(metric_->currentText()),
                                       tr("target labels"), metric_->currentText()));
  const auto rows = result_->summary();
  table_->setRowCount(static_cast<int>(rows.size()));
  const auto cell = [](const domain::CurveSummaryRow& row, const char* key) {
    const auto m = row.metrics.find(key);
    if (m == row.metrics.end()) return QStringLiteral("–");
    const auto& [mean, low, high] = m->second;
    return row.runs > 1 ? QStringLiteral("%1 (%2–%3)")
                              .arg(mean, 0, 'f', 3)
                              .arg(low, 0, 'f', 3)
                              .arg(high, 0, 'f', 3)
                        : QString::number(mean, 'f', 3);
  };
  for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
    const auto& row = rows[static_cast<std::size_t>(i)];
    table_->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(row.strategy)));
    table_->setItem(i, 1, new QTableWidgetItem(QString::number(row.budget)));
    table_->setItem(i, 2, new QTableWidgetItem(QString::number(row.runs)));
    table_->setItem(i, 3, new QTableWidgetItem(cell(row, "balanced_accuracy")));
    table_->setItem(i, 4, new QTableWidgetItem(cell(row, "roc_auc")));
    table_->setItem(i, 5, new QTableWidgetItem(cell(row, "cal_balanced_accuracy")));
  }
}

}  // namespace tweetlab::ui
