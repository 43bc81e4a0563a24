#include "ui/workbench/TrainPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/common/Errors.h"
#include "core/models/Classifier.h"
#include "core/models/ParamSpecs.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/BackgroundTask.h"
#include "ui/workbench/ClusterPanel.h"
#include "ui/workbench/CvTable.h"
#include "ui/workbench/LiveHistoryChart.h"
#include "ui/workbench/ParamsForm.h"
#include "ui/workbench/RememberedSplitter.h"
#include "ui/workbench/RunResultTabs.h"

namespace tweetlab::ui {

TrainPage::TrainPage(QWidget* parent)
    : QWidget(parent),
      task_(new BackgroundTask(this)),
      runningHistory_(std::make_shared<train::History>()),
      historyMutex_(std::make_shared<std::mutex>()) {
  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->addWidget(buildForm());
  results_ = new RunResultTabs;
  splitter->addWidget(results_);
  splitter->setStretchFactor(1, 1);
  rememberSplitter(splitter, QStringLiteral("trainBody"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);

  connect(task_, &BackgroundTask::epochEnded, this, &TrainPage::onEpoch);
  connect(task_, &BackgroundTask::batchEnded, results_->history(),
          &LiveHistoryChart::appendBatchLoss);
  connect(task_, &BackgroundTask::progressChanged, this, &TrainPage::onProgress);
  connect(task_, &BackgroundTask::statusChanged, status_, &QLabel::setText);
  connect(task_, &BackgroundTask::succeeded, this, [this] {
    lastResult_ = std::move(running_);
    showResult(*lastResult_);
    emit runFinished(lastResult_);
    emit runEnded(QStringLiteral("FINISHED"),
                  QString::fromStdString(lastResult_->spec.displayName()));
    runNext();
  });
  connect(task_, &BackgroundTask::failed, this, [this](const QString& message) {
    status_->setText(tr("<b>Run failed:</b> %1").arg(message.toHtmlEscaped()));
    endWithoutResult(tr("FAILED: %1").arg(message));
    emit runEnded(QStringLiteral("FAILED"), message);
    runNext();  // the rest of the queue still runs
  });
  connect(task_, &BackgroundTask::cancelled, this, [this] {
    pending_.clear();
    status_->setText(tr("Cancelled. The run was recorded as KILLED with what it had."));
    endWithoutResult(results_->killedState());
    emit runEnded(QStringLiteral("KILLED"), QString());
    setRunning(false);
    emit queueFinished();
  });

  // The cross-validation that chose the last run's C, beside the form that asked for it.
  connect(this, &TrainPage::runFinished, cvTable_, [this](const auto& result) {
    cvTable_->showReport(QString::fromStdString(result->spec.displayName()), result->fitReport);
  });
  selectFamily(family_->currentText());
  setRunning(false);
}

TrainPage::~TrainPage() = default;

QWidget* TrainPage::buildForm() {
  family_ = new QComboBox;
  family_->setObjectName("modelFamily");
  for (const auto& f : models::classifierFamilies()) family_->addItem(QString::fromStdString(f));
  morphology_ = new QComboBox;
  morphology_->setObjectName("morphology");
  morphology_->addItems({"none", "stem", "lemma"});
  stopwords_ = new QCheckBox(tr("Remove stop words (negations kept)"));
  params_ = new ParamsForm;
  params_->setObjectName("paramsForm");
  connect(family_, &QComboBox::currentTextChanged, this, &TrainPage::selectFamily);
  // The choices of the last session (a family this build no longer has leaves the first one).
  AppSettings remembered;
  if (family_->findText(remembered.modelFamily()) >= 0)
    family_->setCurrentText(remembered.modelFamily());
  if (morphology_->findText(remembered.morphology()) >= 0)
    morphology_->setCurrentText(remembered.morphology());
  stopwords_->setChecked(remembered.removeStopwords());
  connect(family_, &QComboBox::currentTextChanged, this,
          [](const QString& family) { AppSettings().setModelFamily(family); });
  connect(morphology_, &QComboBox::currentTextChanged, this,
          [](const QString& morphology) { AppSettings().setMorphology(morphology); });
  connect(stopwords_, &QCheckBox::toggled, this,
          [](bool on) { AppSettings().setRemoveStopwords(on); });

  auto* model = new QGroupBox(tr("Model"));
  auto* form = new QFormLayout(model);
  form->addRow(tr("Family"), family_);
  form->addRow(tr("Preprocessing"), morphology_);
  form->addRow(stopwords_);
  auto* scroll = new QScrollArea;
  scroll->setObjectName("paramsScroll");
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // the form wraps instead
  scroll->setWidget(params_);
  scroll->setMinimumHeight(160);
  cvTable_ = new CvTable;
  auto* paramsBox = new QGroupBox(tr("Hyper-parameters"));
  auto* paramsLayout = new QVBoxLayout(paramsBox);
  paramsLayout->addWidget(scroll, 1);
  paramsLayout->addWidget(cvTable_);
  queue_ = new QListWidget;
  queue_->setObjectName("runQueue");
  // Four lines, then it scrolls: the default 192 px left the form two rows at 1366x768.
  queue_->setMaximumHeight(queue_->fontMetrics().lineSpacing() * 4 + 2 * queue_->frameWidth() + 8);
  auto* add = new QPushButton(tr("Add to &queue"));
  auto* grid = new QPushButton(tr("Add none/stem/lemma &grid"));
  auto* clear = new QPushButton(tr("Clear"));
  connect(add, &QPushButton::clicked, this, &TrainPage::addToQueue);
  connect(grid, &QPushButton::clicked, this, &TrainPage::addPreprocessingGrid);
  connect(clear, &QPushButton::clicked, this, [this] {
    queued_.clear();
    queue_->clear();
  });
  auto* queueBox = new QGroupBox(tr("Queue (runs one after another)"));
  auto* queueLayout = new QVBoxLayout(queueBox);
  queueLayout->addWidget(queue_);
  auto* queueButtons = new QHBoxLayout;
  queueButtons->addWidget(add);
  queueButtons->addWidget(grid);
  queueButtons->addWidget(clear);
  queueLayout->addLayout(queueButtons);
  cluster_ = new ClusterPanel([this] { return specsForCluster(); });
  connect(cluster_, &ClusterPanel::statusMessage, this, &TrainPage::statusMessage);
  queueLayout->addWidget(cluster_);

  startButton_ = new QPushButton(tr("&Train"));
  startButton_->setObjectName("startButton");
  startButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  startButton_->setToolTip(tr("Train (Ctrl+R)"));
  cancelButton_ = new QPushButton(tr("Cancel"));
  cancelButton_->setObjectName("cancelButton");
  cancelButton_->setToolTip(tr("Stop within one batch (Esc)"));
  auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
  connect(escape, &QShortcut::activated, this, &TrainPage::cancel);
  connect(startButton_, &QPushButton::clicked, this, &TrainPage::start);
  connect(cancelButton_, &QPushButton::clicked, this, &TrainPage::cancel);
  progress_ = new QProgressBar;
  progress_->setObjectName("trainProgress");
  eta_ = new QLabel;
  eta_->setObjectName("trainEta");
  status_ = new QLabel(tr("Load a dataset on the Data page, then train."));
  status_->setObjectName("trainStatus");
  status_->setWordWrap(true);
  // Fixed heights: a longer message never moves the buttons above it under the mouse.
  status_->setFixedHeight(2 * status_->fontMetrics().lineSpacing() + 4);

  auto* run = new QHBoxLayout;
  run->addWidget(startButton_);
  run->addWidget(cancelButton_);
  run->addWidget(progress_, 1);
  run->addWidget(eta_);

  composition_ = new QLabel(tr("Training set: load a dataset on the Data page."));
  composition_->setObjectName("trainingComposition");
  composition_->setWordWrap(true);
  composition_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  composition_->setFixedHeight(3 * composition_->fontMetrics().lineSpacing() + 4);

  auto* panel = new QWidget;
  auto* layout = new QVBoxLayout(panel);
  layout->addWidget(composition_);
  layout->addWidget(model);
  layout->addWidget(paramsBox, 1);
  layout->addWidget(queueBox);
  layout->addLayout(run);
  layout->addWidget(status_);
  panel->setMinimumWidth(360);
  return panel;
}

void TrainPage::selectFamily(const QString& family) {
  if (family_->currentText() != family) {
    family_->setCurrentText(family);
    return;  // currentTextChanged calls back
  }
  try {
    params_->setDefaults(models::makeClassifier(family.toStdString())->params(),
                         models::classifierParamSpecs(family.toStdString()));
    if (defaultDevice_ != QStringLiteral("auto"))
      params_->setValue("device", defaultDevice_.toStdString());
  } catch (const std::exception& e) {
    status_->setText(QString::fromUtf8(e.what()));
  }
}

void TrainPage::setDefaultDevice(const QString& device) {
  defaultDevice_ = device.isEmpty() ? QStringLiteral("auto") : device;
  params_->setValue("device", defaultDevice_.toStdString());
}

std::vector<experiment::ExperimentSpec> TrainPage::specsForCluster() const {
  if (!data_) throw InputError("load a dataset on the Data page first");
  std::vector<experiment::ExperimentSpec> specs;
  if (queued_.empty()) {
    specs.push_back(currentSpec());
  } else {
    for (auto spec : queued_) {
      spec.data = data_->spec;
      specs.push_back(std::move(spec));
    }
  }
  for (const auto& spec : specs) {
    auto params = spec.model.params;
    if (params.is_object()) params["device"] = "auto";
    models::makeClassifier(spec.model.family, params);
  }
  return specs;
}

void TrainPage::setData(std::shared_ptr<const experiment::PreparedData> prepared) {
  data_ = std::move(prepared);
  if (!isTraining()) setRunning(false);
  if (data_) {
    status_->setText(tr("Ready: %1 training / %2 validation tweets.")
                         .arg(data_->split.train.size())
                         .arg(data_->split.val.size()));
    // What the model will learn from: each part with its rows, weight and share of positives, and
    // the sets it will be scored on besides validation and test.
    QStringList parts;
    for (const auto& p : data_->composition.parts) {
      QString part =
          tr("%1: %2 rows (%3% positive)")
              .arg(QString::fromStdString(p.name).toHtmlEscaped())
              .arg(p.rows)
              .arg(p.rows ? 100.0 * static_cast<double>(p.positives) / static_cast<double>(p.rows)
                          : 0.0,
                   0, 'f', 1);
      if (p.weight != 1.0) part += tr(" × weight %1").arg(p.weight);
      parts << part;
    }
    QString text = tr("<b>Training set</b> — %1").arg(parts.join(QStringLiteral(" + ")));
    if (data_->composition.hasAddedSources()) {
      text += tr("; effective %1 rows, %2% positive")
                  .arg(data_->composition.effectiveRows(), 0, 'f', 0)
                  .arg(100.0 * data_->composition.positiveShare(), 0, 'f', 1);
    }
    QStringList sets;
    for (const auto& e : data_->evalSets)
      sets << tr("%1 (%2 tweets)").arg(QString::fromStdString(e.name)).arg(e.dataset.size());
    if (!sets.isEmpty()) text += tr("<br><b>Also scored on</b> %1").arg(sets.join(", "));
    composition_->setText(text);
  } else if (!isTraining()) {
    // The Data page's last load failed: nothing to train on (no stale "Ready" line).
    status_->setText(tr("Load a dataset on the Data page, then train."));
    composition_->setText(tr("Training set: load a dataset on the Data page."));
  }
}

experiment::ExperimentSpec TrainPage::currentSpec() const {
  experiment::ExperimentSpec spec;
  if (data_) spec.data = data_->spec;
  spec.model.family = family_->currentText().toStdString();
  spec.model.params = params_->params();
  spec.preprocessing.morphology =
      text::morphologyFromString(morphology_->currentText().toStdString());
  spec.preprocessing.removeStopwords = stopwords_->isChecked();
  spec.threads = static_cast<unsigned>(std::max(0, threads_));
  return spec;
}

bool TrainPage::isTraining() const {
  return task_->isRunning();
}

void TrainPage::addToQueue() {
  try {
    auto spec = currentSpec();
    models::makeClassifier(spec.model.family, spec.model.params);  // validates the form now
    queue_->addItem(QString::fromStdString(spec.displayName()));
    queued_.push_back(std::move(spec));
  } catch (const std::exception& e) {
    status_->setText(
        tr("<b>Check the parameters:</b> %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
  }
}

void TrainPage::addPreprocessingGrid() {
  try {
    for (auto morphology :
         {text::Morphology::None, text::Morphology::Stem, text::Morphology::Lemma}) {
      auto spec = currentSpec();
      models::makeClassifier(spec.model.family, spec.model.params);
      spec.preprocessing.morphology = morphology;
      queue_->addItem(QString::fromStdString(spec.displayName()));
      queued_.push_back(std::move(spec));
    }
  } catch (const std::exception& e) {
    status_->setText(
        tr("<b>Check the parameters:</b> %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
  }
}

void TrainPage::start() {
  if (isTraining()) return;
  if (!data_) {
    status_->setText(tr("Load a dataset on the Data page first."));
    return;
  }
  pending_.clear();
  try {
    if (queued_.empty()) {
      auto spec = currentSpec();
      models::makeClassifier(spec.model.family, spec.model.params);
      pending_.push_back(std::move(spec));
    } else {
      for (auto spec : queued_) {
        spec.data = data_->spec;  // the queue runs on the data loaded now
        pending_.push_back(std::move(spec));
      }
      queued_.clear();
      queue_->clear();
    }
  } catch (const std::exception& e) {
    status_->setText(
        tr("<b>Check the parameters:</b> %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
    return;
  }
  runNext();
}

void TrainPage::cancel() {
  task_->cancel();
}

void TrainPage::runNext() {
  if (pending_.empty()) {
    setRunning(false);
    emit queueFinished();
    return;
  }
  auto spec = std::move(pending_.front());
  pending_.pop_front();
  setRunning(true);
  results_->startRun(QString::fromStdString(spec.displayName()),
                     spec.model.params.value("epochs", 0));
  progress_->setValue(0);
  eta_->clear();
  status_->setText(tr("Training %1…").arg(QString::fromStdString(spec.displayName())));
  running_ = std::make_shared<experiment::ExperimentResult>();
  {
    std::lock_guard lock(*historyMutex_);
    runningHistory_->clear();
  }
  task_->start([spec = std::move(spec), data = data_, result = running_, sink = sink_,
                starter = starter_, history = runningHistory_,
                mutex = historyMutex_](train::TrainObserver& observer) {
    train::EpochKeeper capture(observer, *history, *mutex);
    std::unique_ptr<tracking::RunRecorder> recorder;
    if (starter) {
      try {
        recorder = starter(spec, capture);
      } catch (const std::exception& e) {  // the sink still tracks the run when it ends
        observer.status(std::string("the run could not be recorded as it trains: ") + e.what());
      }
    }
    train::TrainObserver& reporting =
        recorder ? static_cast<train::TrainObserver&>(*recorder) : capture;
    RunEnd end;
    end.spec = &spec;
    end.recorder = recorder.get();
    auto deliver = [&] {
      if (!sink) return;
      try {
        sink(end);
      } catch (const std::exception& e) {
        observer.status(std::string("the run could not be tracked: ") + e.what());
      }
    };
    try {
      *result = experiment::runExperiment(spec, *data, reporting);
    } catch (const CancelledError&) {
      end.status = "KILLED";
      end.history = *history;
      deliver();
      throw;
    } catch (const std::exception& e) {
      end.status = "FAILED";
      end.error = e.what();
      end.history = *history;
      deliver();
      throw;
    }
    end.status = "FINISHED";
    end.result = result.get();
    end.history = result->history;
    deliver();
  });
}

void TrainPage::onEpoch(const train::HistoryRow& row) {
  results_->appendEpoch(row);
}

void TrainPage::onProgress(qint64 done, qint64 total, double elapsed) {
  if (total <= 0) return;
  progress_->setRange(0, 1000);
  progress_->setValue(static_cast<int>(1000 * done / total));
  const double fraction = static_cast<double>(done) / static_cast<double>(total);
  const auto left = train::remainingTime(fraction, elapsed);
  eta_->setText(
      tr("ETA %1").arg(left.empty() ? QStringLiteral("—") : QString::fromStdString(left)));
}

void TrainPage::showResult(const experiment::ExperimentResult& r) {
  progress_->setValue(progress_->maximum());
  eta_->clear();
  status_->setText(tr("<b>%1</b>: validation accuracy %2, AUC %3 (fit %4 s)")
                       .arg(QString::fromStdString(r.spec.displayName()).toHtmlEscaped())
                       .arg(r.validation.accuracy, 0, 'f', 4)
                       .arg(r.validation.rocAuc, 0, 'f', 4)
                       .arg(r.fitSeconds, 0, 'f', 2));
  results_->showResult(r);
}

void TrainPage::endWithoutResult(const QString& state) {
  results_->showEnd(state);
  progress_->setValue(0);
  eta_->clear();
}

void TrainPage::setRunning(bool running) {
  startButton_->setEnabled(!running && data_ != nullptr);
  cancelButton_->setEnabled(running);
  family_->setEnabled(!running);
}

}  // namespace tweetlab::ui
