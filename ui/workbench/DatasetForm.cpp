#include "ui/workbench/DatasetForm.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <tuple>

#include "ui/workbench/AppSettings.h"
#include "ui/workbench/LabelMapEditor.h"
#include "ui/workbench/WheelGuard.h"

namespace tweetlab::ui {

DatasetForm::DatasetForm(QWidget* parent) : QGroupBox(tr("Dataset"), parent) {
  path_ = new QLineEdit;
  path_->setPlaceholderText(tr("Open a CSV, TSV or JSON Lines file, or drop one here"));
  path_->setObjectName("datasetPath");
  path_->setReadOnly(true);  // chosen with Open…, a recent file or a drop: never half-typed
  auto* browse = new QPushButton(tr("&Open…"));
  browse->setToolTip(tr("Open a dataset (Ctrl+O)"));  // the shortcut is File > Open's
  auto* sampleButton = new QPushButton(tr("Bundled &sample"));
  connect(browse, &QPushButton::clicked, this, &DatasetForm::openRequested);
  connect(sampleButton, &QPushButton::clicked, this, &DatasetForm::sampleRequested);

  format_ = new QComboBox;
  format_->addItems({"auto", "sentiment140", "csv", "tsv", "jsonl"});
  format_->setObjectName("datasetFormat");
  textColumn_ = new QComboBox;
  textColumn_->setObjectName("textColumn");
  textColumn_->setMinimumContentsLength(8);
  textColumn_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  labelColumn_ = new QComboBox;
  labelColumn_->setObjectName("labelColumn");
  labelColumn_->setMinimumContentsLength(8);
  labelColumn_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  textColumn_->setToolTip(tr("The column holding the tweet, from the file's header"));
  labelColumn_->setToolTip(tr("The column holding the sentiment label, from the file's header"));
  // A picked column or format applies at once.
  connect(textColumn_, &QComboBox::activated, this, &DatasetForm::loadRequested);
  connect(labelColumn_, &QComboBox::activated, this, &DatasetForm::loadRequested);
  connect(format_, &QComboBox::activated, this, [this] {
    probedPath_.clear();  // another format reads other columns
    emit loadRequested();
  });
  labelMap_ = new LabelMapEditor;
  labelMap_->hide();
  connect(labelMap_, &LabelMapEditor::edited, this, &DatasetForm::loadRequested);

  AppSettings remembered;
  sample_ = new QSpinBox;
  sample_->setRange(0, 100'000'000);
  sample_->setSingleStep(1000);
  sample_->setValue(remembered.sampleSize());
  sample_->setSpecialValueText(tr("all rows"));
  sample_->setObjectName("sampleSize");
  seed_ = new QSpinBox;
  seed_->setRange(0, 1'000'000'000);
  seed_->setValue(remembered.splitSeed());
  seed_->setObjectName("splitSeed");
  auto ratio = [](double value) {
    auto* box = new QDoubleSpinBox;
    box->setRange(0.0, 1.0);
    box->setSingleStep(0.05);
    box->setDecimals(2);
    box->setValue(value);
    return box;
  };
  const auto ratios = remembered.splitRatios();
  trainRatio_ = ratio(ratios[0]);
  valRatio_ = ratio(ratios[1]);
  testRatio_ = ratio(ratios[2]);
  // Saved as edited: the sampling decides the dataset digest, so a restart (or a crash) must not
  // silently change it.
  connect(sample_, &QSpinBox::valueChanged, this,
          [](int rows) { AppSettings().setSampleSize(rows); });
  connect(seed_, &QSpinBox::valueChanged, this, [](int seed) { AppSettings().setSplitSeed(seed); });
  for (auto* box : {trainRatio_, valRatio_, testRatio_}) {
    connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
      AppSettings().setSplitRatios({trainRatio_->value(), valRatio_->value(), testRatio_->value()});
    });
  }
  guardWheel(this);  // scrolling the page never edits a number

  loadButton_ = new QPushButton(tr("&Load and split"));
  loadButton_->setObjectName("loadButton");
  loadButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
  connect(loadButton_, &QPushButton::clicked, this, &DatasetForm::loadRequested);
  progress_ = new QProgressBar;
  progress_->setRange(0, 1000);
  // Hidden but keeping its place: nothing below jumps when a load starts or ends.
  auto keepPlace = progress_->sizePolicy();
  keepPlace.setRetainSizeWhenHidden(true);
  progress_->setSizePolicy(keepPlace);
  progress_->hide();
  summary_ = new QLabel;
  summary_->setObjectName("loadSummary");
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  summary_->setMinimumHeight(2 * summary_->fontMetrics().lineSpacing());

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

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(fileRow);
  layout->addLayout(columns);
  layout->addWidget(labelMap_);
  layout->addLayout(sampling);
  layout->addWidget(progress_);
  layout->addWidget(summary_);
}

experiment::DataSpec DatasetForm::spec() const {
  experiment::DataSpec spec;
  spec.path = path_->text().toStdString();
  spec.read.format = experiment::parseFormat(format_->currentText().toStdString());
  spec.read.textColumn = textColumn_->currentText().toStdString();
  spec.read.labelColumn = labelColumn_->currentText().toStdString();
  spec.read.labelMap = labelMap_->labelMap();
  spec.sample = static_cast<std::size_t>(sample_->value());
  spec.split = data::SplitRatios{trainRatio_->value(), valRatio_->value(), testRatio_->value()};
  spec.seed = static_cast<std::uint64_t>(seed_->value());
  return spec;
}

QString DatasetForm::path() const {
  return path_->text();
}

void DatasetForm::setPath(const QString& path) {
  if (path == path_->text()) return;
  path_->setText(path);
  // Column names and label readings belong to one file: none carries over to the next.
  probedPath_.clear();
  textColumn_->clear();
  labelColumn_->clear();
  labelMap_->clear();
  labelMap_->hide();
}

void DatasetForm::setSampleSize(int rows) {
  sample_->setValue(rows);
}

void DatasetForm::showColumns(const data::FileProbe& probe) {
  const QString keepText = probedPath_ == path_->text() ? textColumn_->currentText() : QString();
  const QString keepLabel = probedPath_ == path_->text() ? labelColumn_->currentText() : QString();
  probedPath_ = path_->text();
  using Column = std::tuple<QComboBox*, QString, std::string>;
  for (const auto& [combo, keep, suggested] :
       {Column{textColumn_, keepText, probe.textColumn},
        Column{labelColumn_, keepLabel, probe.labelColumn}}) {
    combo->clear();
    for (const auto& column : probe.columns) combo->addItem(QString::fromStdString(column));
    const QString wanted = keep.isEmpty() ? QString::fromStdString(suggested) : keep;
    combo->setCurrentIndex(combo->findText(wanted));  // -1 (nothing) when no column fits
    combo->setEnabled(probe.namedColumns);            // Sentiment140's are positional
  }
}

void DatasetForm::showLabelValues(const data::LoadReport& report,
                                  const std::map<std::string, int>& map) {
  labelMap_->showValues(report.labelValues, map);
  labelMap_->setVisible(!report.labelValues.empty());
}

void DatasetForm::setLoading(bool loading) {
  loadButton_->setEnabled(!loading);
  progress_->setValue(0);
  progress_->setVisible(loading);
}

void DatasetForm::setProgress(double fraction) {
  progress_->setValue(static_cast<int>(1000 * fraction));
}

}  // namespace tweetlab::ui
