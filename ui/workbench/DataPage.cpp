#include "ui/workbench/DataPage.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <utility>

#include "core/common/Errors.h"
#include "core/common/Resources.h"
#include "core/data/DataChecks.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/BackgroundTask.h"
#include "ui/workbench/ChartViewReplace.h"
#include "ui/workbench/DatasetForm.h"
#include "ui/workbench/FileDialogs.h"
#include "ui/workbench/PreviewBox.h"
#include "ui/workbench/RememberedSplitter.h"
#include "ui/workbench/SourcesPanel.h"
#include "ui/workbench/SplitTableModel.h"

namespace tweetlab::ui {
DataPage::DataPage(QWidget* parent)
    : QWidget(parent),
      form_(new DatasetForm),
      preview_(new PreviewBox),
      sources_(new SourcesPanel),
      loader_(new BackgroundTask(this)),
      composer_(new BackgroundTask(this)) {
  setAcceptDrops(true);
  model_ = new SplitTableModel(this);

  table_ = new QTableView;
  table_->setModel(model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->setWordWrap(false);
  table_->setObjectName("dataTable");

  distribution_ = new QChartView;
  distribution_->setRenderHint(QPainter::Antialiasing);
  distribution_->setMinimumHeight(180);
  distribution_->setObjectName("labelDistribution");

  skipped_ = new QTableWidget(0, 3);
  skipped_->setHorizontalHeaderLabels({tr("File"), tr("Line"), tr("Reason")});
  skipped_->horizontalHeader()->setStretchLastSection(true);
  skipped_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  skipped_->setObjectName("skippedRows");

  // The side views share one place as tabs (stacked, they made the page taller than a
  // 1366x768 screen): the label distribution, the preprocessing preview, the skipped rows.
  side_ = new QTabWidget;
  side_->setObjectName("dataSide");
  side_->addTab(distribution_, tr("Labels"));
  side_->addTab(preview_, tr("Preprocessing preview"));
  side_->addTab(skipped_, tr("Skipped rows"));

  // The table of rows above the sources added to its training part.
  auto* rows = new QSplitter(Qt::Vertical);
  rows->addWidget(table_);
  rows->addWidget(sources_);
  rows->setStretchFactor(0, 1);
  rows->setChildrenCollapsible(false);

  auto* body = new QSplitter(Qt::Horizontal);
  body->addWidget(rows);
  body->addWidget(side_);
  body->setStretchFactor(0, 3);
  body->setStretchFactor(1, 2);
  rememberSplitter(body, QStringLiteral("dataBody"));
  // The rows first: the added-data panel below keeps what it needs to show its buttons.
  rememberSplitter(rows, QStringLiteral("dataRows"), {3, 1});

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(form_);
  layout->addWidget(body, 1);

  connect(sources_, &SourcesPanel::changed, this, &DataPage::recompose);
  connect(composer_, &BackgroundTask::statusChanged, this, &DataPage::statusMessage);
  connect(composer_, &BackgroundTask::succeeded, this, [this] {
    if (recomposeAgain_) {
      recompose();
      return;
    }
    showPrepared(std::move(loading_));
  });
  connect(composer_, &BackgroundTask::failed, this, [this](const QString& message) {
    sources_->showProblem(message);
    emit statusMessage(message);
    if (recomposeAgain_) recompose();
  });

  connect(form_, &DatasetForm::openRequested, this, &DataPage::chooseFile);
  connect(form_, &DatasetForm::sampleRequested, this, &DataPage::openBundledSample);
  connect(form_, &DatasetForm::loadRequested, this, &DataPage::load);
  connect(loader_, &BackgroundTask::progressChanged, this,
          [this](qint64 done, qint64 total, double) {
            form_->setProgress(total > 0 ? static_cast<double>(done) / static_cast<double>(total)
                                         : 0.0);
          });
  connect(loader_, &BackgroundTask::statusChanged, this, &DataPage::statusMessage);
  connect(loader_, &BackgroundTask::succeeded, this, [this] {
    form_->setLoading(false);
    if (std::exchange(loadAgain_, false)) {
      load();  // what just loaded is already out of date
      return;
    }
    form_->showColumns(*probe_);
    base_ = std::move(loadingBase_);
    form_->showLabelValues(base_->report, base_->spec.read.labelMap);
    // Only a file that loaded is offered again (File > Open recent, the next start).
    const auto loaded = QString::fromStdString(base_->spec.path.string());
    AppSettings().setLastDataset(loaded);
    AppSettings().addRecentFile(loaded);
    if (panelChangedWhileLoading_) {
      // A source added during the load (e.g. exported feedback) joins this data now.
      panelChangedWhileLoading_ = false;
      recompose();
      return;
    }
    showPrepared(std::move(loading_));
  });
  connect(loader_, &BackgroundTask::failed, this, &DataPage::showLoadFailure);
  connect(loader_, &BackgroundTask::cancelled, this, [this] { form_->setLoading(false); });
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            preview_->showText(model_->textAt(current.row()));
            if (current.isValid()) side_->setCurrentWidget(preview_);  // what the click asked for
          });
}

DataPage::~DataPage() = default;

experiment::DataSpec DataPage::dataSpec() const {
  experiment::DataSpec spec = form_->spec();
  spec.add = sources_->sourceSpecs();
  try {
    spec.eval = sources_->evalSetSpecs();
  } catch (const std::exception&) {  // a bad set name is reported when loading
  }
  return spec;
}

bool DataPage::isLoading() const {
  return loader_->isRunning();
}

void DataPage::setSampleSize(int rows) {
  form_->setSampleSize(rows);
}

void DataPage::chooseFile() {
  const auto file = chooseOpenFile(this, QStringLiteral("dataset"), tr("Open a tweet dataset"),
                                   tr("Datasets (*.csv *.tsv *.jsonl *.ndjson);;All files (*)"));
  if (!file.isEmpty()) openFile(file);
}

void DataPage::openFile(const QString& path) {
  form_->setPath(path);
  load();
}

void DataPage::openBundledSample() {
  try {
    openFile(QString::fromStdString(bundledSamplePath().string()));
  } catch (const std::exception& e) {
    form_->summary()->setText(
        tr("<b>Bundled sample not found:</b> %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
  }
}

void DataPage::load() {
  if (loader_->isRunning()) {
    loadAgain_ = true;  // the form changed during the load (a column, a label reading)
    return;
  }
  experiment::DataSpec spec;
  try {
    spec = dataSpec();
    spec.split.validate();
    if (spec.path.empty()) throw InputError("choose a dataset file first");
    spec.eval = sources_->evalSetSpecs();
  } catch (const std::exception& e) {
    form_->summary()->setText(
        tr("<b>Check the form:</b> %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
    emit loadFailed(QString::fromUtf8(e.what()));
    return;
  }
  panelChangedWhileLoading_ = false;
  form_->setLoading(true);
  form_->summary()->setText(tr("Loading %1…").arg(QFileInfo(form_->path()).fileName()));
  loading_ = std::make_shared<experiment::PreparedData>();
  loadingBase_ = std::make_shared<experiment::PreparedData>();
  probe_ = std::make_shared<data::FileProbe>();
  failedReport_ = std::make_shared<data::LoadReport>();
  loader_->start([spec, target = loading_, base = loadingBase_, probe = probe_,
                  failed = failedReport_](train::TrainObserver& observer) mutable {
    // First a look at the file: refused when not text; columns not picked yet are the ones
    // its header suggests.
    *probe = data::probeFile(spec.path, spec.read);
    if (spec.read.textColumn.empty()) spec.read.textColumn = probe->textColumn;
    if (spec.read.labelColumn.empty()) spec.read.labelColumn = probe->labelColumn;
    if (probe->namedColumns && (spec.read.textColumn.empty() || spec.read.labelColumn.empty())) {
      throw InputError("pick the " + std::string(spec.read.textColumn.empty() ? "text" : "label") +
                       " column: the header has no usual name for it");
    }
    try {
      *base = experiment::prepareBaseData(spec, observer);
    } catch (const data::UnusableDataError& e) {
      *failed = e.report();  // its label values, for the mapping that would fix it
      throw;
    }
    std::vector<sources::LoadedSource> added;
    for (const auto& s : spec.add) added.push_back(sources::loadSource(s));
    std::vector<sources::EvaluationSet> sets;
    for (const auto& e : spec.eval) sets.push_back(sources::loadEvaluationSet(e));
    *target = experiment::withSources(*base, std::move(added), std::move(sets));
  });
}

bool DataPage::specFromPanel(experiment::DataSpec& spec) {
  try {
    spec.add = sources_->sourceSpecs();
    spec.eval = sources_->evalSetSpecs();
    return true;
  } catch (const std::exception& e) {
    sources_->showProblem(QString::fromUtf8(e.what()));
    return false;
  }
}

void DataPage::addTrainingSource(const QString& file, double weight) {
  sources_->addSource(file, weight);
}

void DataPage::addEvaluationSet(const QString& name, const QString& file) {
  sources_->addEvalSet(name, file);
}

void DataPage::recompose() {
  recomposeAgain_ = false;
  if (loader_->isRunning()) {
    panelChangedWhileLoading_ = true;  // the running load read the panel before this change
    return;
  }
  if (!base_) {
    sources_->showProblem(tr("Open a dataset: the added data joins its training part."));
    return;  // the next load reads the panel
  }
  if (composer_->isRunning()) {
    recomposeAgain_ = true;  // the panel changed again while the last change was loading
    return;
  }
  experiment::DataSpec spec = base_->spec;
  if (!specFromPanel(spec)) return;
  loading_ = std::make_shared<experiment::PreparedData>();
  composer_->start([spec, base = base_, target = loading_](train::TrainObserver& observer) {
    std::vector<sources::LoadedSource> added;
    for (const auto& s : spec.add) {
      observer.status("loading " + s.path.filename().string());
      added.push_back(sources::loadSource(s));
    }
    std::vector<sources::EvaluationSet> sets;
    for (const auto& e : spec.eval) sets.push_back(sources::loadEvaluationSet(e));
    *target = experiment::withSources(*base, std::move(added), std::move(sets));
  });
}

void DataPage::showLoadFailure(const QString& message) {
  form_->setLoading(false);
  if (std::exchange(loadAgain_, false)) {
    load();  // the form changed since: its load may well succeed
    return;
  }
  if (probe_ && !probe_->columns.empty()) form_->showColumns(*probe_);
  if (failedReport_ && !failedReport_->labelValues.empty())
    form_->showLabelValues(*failedReport_, form_->spec().read.labelMap);
  form_->summary()->setText(
      tr("<b>Could not load %1:</b> %2")
          .arg(QFileInfo(form_->path()).fileName().toHtmlEscaped(), message.toHtmlEscaped()));
  // Nothing of the previous file stays under this one's name: the table, charts and preview
  // are cleared, and the Train page waits for data again.
  prepared_.reset();
  base_.reset();
  model_->setPreparedData(nullptr);
  replaceChart(distribution_, new QChart);
  skipped_->setRowCount(0);
  side_->setTabText(side_->indexOf(skipped_), tr("Skipped rows"));
  preview_->clear();
  emit dataCleared();
  emit loadFailed(message);
  emit statusMessage(tr("Could not load %1").arg(QFileInfo(form_->path()).fileName()));
}

void DataPage::showPrepared(std::shared_ptr<const experiment::PreparedData> prepared) {
  const bool newBase = !prepared_ || prepared_->spec.path != prepared->spec.path ||
                       prepared_->split.digest != prepared->split.digest;
  prepared_ = std::move(prepared);
  model_->setPreparedData(prepared_);
  if (newBase) {
    preview_->clear();  // a tweet of the previous dataset never stays in the preview
  }
  const auto& r = prepared_->report;
  const auto& s = prepared_->split;
  form_->summary()->setText(
      tr("<b>%1</b>: %2 rows read, %3 loaded, %4 neutral dropped, %5 skipped. "
         "Sample of %6 → %7 train / %8 validation / %9 test. Digest <code>%10</code>")
          .arg(QString::fromStdString(r.file.filename().string()).toHtmlEscaped())
          .arg(r.rowsRead)
          .arg(r.rowsLoaded)
          .arg(r.neutralDropped)
          .arg(r.skippedCount)
          .arg(s.train.size() + s.val.size() + s.test.size())
          .arg(s.train.size())
          .arg(s.val.size())
          .arg(s.test.size())
          .arg(QString::fromStdString(s.digest.substr(0, 12))) +
      (r.warningCount == 0 ? QString()
                           : tr(" %n row(s) loaded with a warning (see below).", "",
                                static_cast<int>(r.warningCount))));
  const auto& c = prepared_->composition;
  if (c.hasAddedSources()) {
    form_->summary()->setText(form_->summary()->text() +
                              tr("<br>Training part: %1 (effective %2 rows, %3% positive).")
                                  .arg(QString::fromStdString(c.describe()).toHtmlEscaped())
                                  .arg(c.effectiveRows(), 0, 'f', 0)
                                  .arg(100.0 * c.positiveShare(), 0, 'f', 1));
  }
  sources_->showLoaded(c, prepared_->added, prepared_->evalSets);
  showDistribution();
  showSkipped();
  emit dataReady(prepared_);
  emit statusMessage(tr("Dataset ready: %1 training tweets").arg(s.train.size()));
}

void DataPage::showDistribution() {
  auto* negatives = new QBarSet(tr("negative"));
  auto* positives = new QBarSet(tr("positive"));
  int maxCount = 0;
  for (const auto* part :
       {&prepared_->split.train, &prepared_->split.val, &prepared_->split.test}) {
    const auto counts = part->labelCounts();
    *negatives << static_cast<qreal>(counts[0]);
    *positives << static_cast<qreal>(counts[1]);
    maxCount = std::max(maxCount, static_cast<int>(std::max(counts[0], counts[1])));
  }
  auto* series = new QBarSeries;
  series->append(negatives);
  series->append(positives);
  series->setLabelsVisible(true);
  auto* chart = new QChart;
  chart->addSeries(series);
  chart->setTitle(tr("Labels per split"));
  auto* categories = new QBarCategoryAxis;
  categories->append({tr("train"), tr("validation"), tr("test")});
  chart->addAxis(categories, Qt::AlignBottom);
  series->attachAxis(categories);
  auto* counts = new QValueAxis;
  counts->setRange(0, maxCount * 1.15 + 1);
  // Round ticks (0, 2000, 4000, ...): five ticks over 0..max read "1610 3220 4830 6440".
  counts->applyNiceNumbers();
  counts->setLabelFormat("%d");
  chart->addAxis(counts, Qt::AlignLeft);
  series->attachAxis(counts);
  chart->legend()->setAlignment(Qt::AlignBottom);
  replaceChart(distribution_, chart);
}

void DataPage::showSkipped() {
  const auto& report = prepared_->report;
  skipped_->setRowCount(static_cast<int>(report.skipped.size() + report.warnings.size()));
  int row = 0;
  const auto add = [&](const data::SkippedRow& s, const QString& reason) {
    skipped_->setItem(row, 0,
                      new QTableWidgetItem(QString::fromStdString(s.file.filename().string())));
    skipped_->setItem(row, 1, new QTableWidgetItem(QString::number(s.line)));
    skipped_->setItem(row, 2, new QTableWidgetItem(reason));
    ++row;
  };
  for (const auto& s : report.skipped) add(s, QString::fromStdString(s.reason));
  for (const auto& w : report.warnings)
    add(w, tr("loaded, but: %1").arg(QString::fromStdString(w.reason)));
  // The tab says how many there are, so they are seen without opening it.
  side_->setTabText(side_->indexOf(skipped_),
                    row > 0 ? tr("Skipped rows (%1)").arg(row) : tr("Skipped rows"));
}

void DataPage::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && event->mimeData()->urls().size() == 1 &&
      event->mimeData()->urls().front().isLocalFile()) {
    event->acceptProposedAction();
  }
}

void DataPage::dropEvent(QDropEvent* event) {
  openFile(event->mimeData()->urls().front().toLocalFile());
  event->acceptProposedAction();
}

}  // namespace tweetlab::ui
