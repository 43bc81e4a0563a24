#include "ui/workbench/DataPage.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QValueAxis>

#include "core/common/Errors.h"
#include "core/common/Resources.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/BackgroundTask.h"
#include "ui/workbench/ChartViewReplace.h"
#include "ui/workbench/SourcesPanel.h"
#include "ui/workbench/SplitTableModel.h"

namespace tweetlab::ui {
namespace {

QString joined(const std::vector<std::string>& tokens) {
  QStringList parts;
  for (const auto& t : tokens) parts << QString::fromStdString(t).toHtmlEscaped();
  return parts.join(QStringLiteral(" <span style='color:gray'>|</span> "));
}

}  // namespace

DataPage::DataPage(QWidget* parent)
    : QWidget(parent),
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
  distribution_->setMinimumHeight(220);
  distribution_->setObjectName("labelDistribution");

  skipped_ = new QTableWidget(0, 3);
  skipped_->setHorizontalHeaderLabels({tr("File"), tr("Line"), tr("Reason")});
  skipped_->horizontalHeader()->setStretchLastSection(true);
  skipped_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  skipped_->setObjectName("skippedRows");

  previewMorphology_ = new QComboBox;
  previewMorphology_->addItems({"none", "stem", "lemma"});
  previewStopwords_ = new QCheckBox(tr("Remove stop words"));
  preview_ = new QTextBrowser;
  preview_->setObjectName("preprocessPreview");
  preview_->setPlaceholderText(tr("Select a row to see how it is preprocessed."));

  auto* previewBox = new QGroupBox(tr("Preprocessing preview"));
  auto* previewLayout = new QVBoxLayout(previewBox);
  auto* previewOptions = new QHBoxLayout;
  previewOptions->addWidget(new QLabel(tr("Model input:")));
  previewOptions->addWidget(previewMorphology_);
  previewOptions->addWidget(previewStopwords_);
  previewOptions->addStretch();
  previewLayout->addLayout(previewOptions);
  previewLayout->addWidget(preview_);

  auto* skippedBox = new QGroupBox(tr("Skipped rows and warnings"));
  auto* skippedLayout = new QVBoxLayout(skippedBox);
  skippedLayout->addWidget(skipped_);

  auto* side = new QSplitter(Qt::Vertical);
  side->addWidget(distribution_);
  side->addWidget(previewBox);
  side->addWidget(skippedBox);

  auto* body = new QSplitter(Qt::Horizontal);
  body->addWidget(table_);
  body->addWidget(side);
  body->setStretchFactor(0, 3);
  body->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildForm());
  layout->addWidget(sources_);
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

  connect(loadButton_, &QPushButton::clicked, this, &DataPage::load);
  connect(loader_, &BackgroundTask::progressChanged, this,
          [this](qint64 done, qint64 total, double) {
            progress_->setRange(0, 1000);
            progress_->setValue(total > 0 ? static_cast<int>(1000 * done / total) : 0);
          });
  connect(loader_, &BackgroundTask::statusChanged, this, &DataPage::statusMessage);
  connect(loader_, &BackgroundTask::succeeded, this, [this] {
    progress_->hide();
    loadButton_->setEnabled(true);
    base_ = std::move(loadingBase_);
    showPrepared(std::move(loading_));
  });
  connect(loader_, &BackgroundTask::failed, this, [this](const QString& message) {
    progress_->hide();
    loadButton_->setEnabled(true);
    summary_->setText(tr("<b>Could not load:</b> %1").arg(message.toHtmlEscaped()));
    emit loadFailed(message);
  });
  connect(loader_, &BackgroundTask::cancelled, this, [this] {
    progress_->hide();
    loadButton_->setEnabled(true);
  });
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) { previewRow(current.row()); });
  auto refreshPreview = [this] { previewRow(previewRow_); };
  connect(previewMorphology_, &QComboBox::currentIndexChanged, this, refreshPreview);
  connect(previewStopwords_, &QCheckBox::toggled, this, refreshPreview);
}

DataPage::~DataPage() {
  previewWork_.waitForFinished();
}

QWidget* DataPage::buildForm() {
  path_ = new QLineEdit;
  path_->setPlaceholderText(tr("Open a CSV, TSV or JSON Lines file, or drop one here"));
  path_->setObjectName("datasetPath");
  auto* browse = new QPushButton(tr("&Open…"));
  browse->setShortcut(QKeySequence::Open);
  auto* sampleButton = new QPushButton(tr("Bundled &sample"));
  connect(browse, &QPushButton::clicked, this, [this] {
    const auto file =
        QFileDialog::getOpenFileName(this, tr("Open a tweet dataset"), QString(),
                                     tr("Datasets (*.csv *.tsv *.jsonl *.ndjson);;All files (*)"));
    if (!file.isEmpty()) openFile(file);
  });
  connect(sampleButton, &QPushButton::clicked, this, &DataPage::openBundledSample);

  format_ = new QComboBox;
  format_->addItems({"auto", "sentiment140", "csv", "tsv", "jsonl"});
  textColumn_ = new QLineEdit(QStringLiteral("text"));
  labelColumn_ = new QLineEdit(QStringLiteral("label"));
  sample_ = new QSpinBox;
  sample_->setRange(0, 100'000'000);
  sample_->setSingleStep(1000);
  sample_->setValue(16000);
  sample_->setSpecialValueText(tr("all rows"));
  sample_->setObjectName("sampleSize");
  seed_ = new QSpinBox;
  seed_->setRange(0, 1'000'000'000);
  seed_->setValue(42);
  auto ratio = [](double value) {
    auto* box = new QDoubleSpinBox;
    box->setRange(0.0, 1.0);
    box->setSingleStep(0.05);
    box->setDecimals(2);
    box->setValue(value);
    return box;
  };
  trainRatio_ = ratio(0.7);
  valRatio_ = ratio(0.15);
  testRatio_ = ratio(0.15);
  loadButton_ = new QPushButton(tr("&Load and split"));
  loadButton_->setObjectName("loadButton");
  loadButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
  progress_ = new QProgressBar;
  progress_->hide();
  summary_ = new QLabel;
  summary_->setObjectName("loadSummary");
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* fileRow = new QHBoxLayout;
  fileRow->addWidget(path_, 1);
  fileRow->addWidget(browse);
  fileRow->addWidget(sampleButton);

  auto* columns = new QHBoxLayout;
  columns->addWidget(new QLabel(tr("Format")));
  columns->addWidget(format_);
  columns->addWidget(new QLabel(tr("Text column")));
  columns->addWidget(textColumn_);
  columns->addWidget(new QLabel(tr("Label column")));
  columns->addWidget(labelColumn_);
  columns->addStretch();

  auto* sampling = new QHBoxLayout;
  sampling->addWidget(new QLabel(tr("Balanced sample")));
  sampling->addWidget(sample_);
  sampling->addWidget(new QLabel(tr("Split train / val / test")));
  sampling->addWidget(trainRatio_);
  sampling->addWidget(valRatio_);
  sampling->addWidget(testRatio_);
  sampling->addWidget(new QLabel(tr("Seed")));
  sampling->addWidget(seed_);
  sampling->addStretch();
  sampling->addWidget(loadButton_);

  auto* box = new QGroupBox(tr("Dataset"));
  auto* layout = new QVBoxLayout(box);
  layout->addLayout(fileRow);
  layout->addLayout(columns);
  layout->addLayout(sampling);
  layout->addWidget(progress_);
  layout->addWidget(summary_);
  return box;
}

experiment::DataSpec DataPage::dataSpec() const {
  experiment::DataSpec spec;
  spec.path = path_->text().toStdString();
  spec.read.format = experiment::parseFormat(format_->currentText().toStdString());
  spec.read.textColumn = textColumn_->text().trimmed().toStdString();
  spec.read.labelColumn = labelColumn_->text().trimmed().toStdString();
  spec.sample = static_cast<std::size_t>(sample_->value());
  spec.split = data::SplitRatios{trainRatio_->value(), valRatio_->value(), testRatio_->value()};
  spec.seed = static_cast<std::uint64_t>(seed_->value());
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
  sample_->setValue(rows);
}

void DataPage::openFile(const QString& path) {
  path_->setText(path);
  AppSettings().setLastDataset(path);
  load();
}

void DataPage::openBundledSample() {
  try {
    openFile(QString::fromStdString(bundledSamplePath().string()));
  } catch (const std::exception& e) {
    summary_->setText(
        tr("<b>Bundled sample not found:</b> %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
  }
}

void DataPage::load() {
  if (loader_->isRunning()) return;
  experiment::DataSpec spec;
  try {
    spec = dataSpec();
    spec.split.validate();
    if (spec.path.empty()) throw InputError("choose a dataset file first");
    spec.eval = sources_->evalSetSpecs();
  } catch (const std::exception& e) {
    summary_->setText(
        tr("<b>Check the form:</b> %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
    emit loadFailed(QString::fromUtf8(e.what()));
    return;
  }
  loadButton_->setEnabled(false);
  progress_->setValue(0);
  progress_->show();
  summary_->setText(tr("Loading %1…").arg(QFileInfo(path_->text()).fileName()));
  loading_ = std::make_shared<experiment::PreparedData>();
  loadingBase_ = std::make_shared<experiment::PreparedData>();
  loader_->start([spec, target = loading_, base = loadingBase_](train::TrainObserver& observer) {
    *base = experiment::prepareBaseData(spec, observer);
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
  if (!base_ || loader_->isRunning()) return;  // the next load reads the panel anyway
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

void DataPage::showPrepared(std::shared_ptr<const experiment::PreparedData> prepared) {
  prepared_ = std::move(prepared);
  model_->setData(prepared_);
  const auto& r = prepared_->report;
  const auto& s = prepared_->split;
  summary_->setText(tr("<b>%1</b>: %2 rows read, %3 loaded, %4 neutral dropped, %5 skipped. "
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
    summary_->setText(summary_->text() +
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
}

void DataPage::previewRow(int row) {
  previewRow_ = row;
  const QString text = model_->textAt(row);
  if (text.isEmpty()) return;
  text::PreprocessConfig config;
  config.morphology = text::morphologyFromString(previewMorphology_->currentText().toStdString());
  config.removeStopwords = previewStopwords_->isChecked();
  // Lemmas need WordNet loaded (once, ~a second): never on the GUI thread.
  previewWork_ = previewer_.run(
      [config, raw = text.toStdString()] { return text::Preprocessor(config).preview(raw); },
      [this](const text::PreprocessPreview& p) { showPreview(p); },
      [this](const QString& error) { preview_->setPlainText(error); });
}

void DataPage::showPreview(const text::PreprocessPreview& p) {
  preview_->setHtml(
      tr("<p><b>Raw</b><br>%1</p><p><b>Normalised</b><br>%2</p><p><b>Tokens</b><br>%3</p>"
         "<p><b>Stems</b> (Snowball)<br>%4</p><p><b>Lemmas</b> (WordNet)<br>%5</p>"
         "<p><b>Model input</b><br>%6</p>")
          .arg(QString::fromStdString(p.raw).toHtmlEscaped(),
               QString::fromStdString(p.normalized).toHtmlEscaped(), joined(p.tokens),
               joined(p.stems), joined(p.lemmas), joined(p.output)));
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
