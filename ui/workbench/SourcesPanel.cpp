#include "ui/workbench/SourcesPanel.h"

#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/domain/BundleEvaluation.h"
#include "core/sources/Composition.h"
#include "ui/workbench/FileDialogs.h"

namespace tweetlab::ui {
namespace {

enum SourceColumn { SourceFile, SourceWeight, SourceKind, SourceRows, SourceLeftOut, SourceDigest };
enum SetColumn { SetName, SetFile, SetRows, SetPositives, SetDigest };

QTableWidget* table(const QStringList& headers, const char* name) {
  auto* t = new QTableWidget(0, static_cast<int>(headers.size()));
  t->setHorizontalHeaderLabels(headers);
  t->horizontalHeader()->setStretchLastSection(true);
  t->verticalHeader()->hide();
  t->setSelectionBehavior(QAbstractItemView::SelectRows);
  t->setSelectionMode(QAbstractItemView::SingleSelection);
  t->setEditTriggers(QAbstractItemView::NoEditTriggers);
  t->setObjectName(QString::fromLatin1(name));
  t->setMaximumHeight(130);
  return t;
}

QTableWidgetItem* item(const QString& text, const QString& tip = {}) {
  auto* i = new QTableWidgetItem(text);
  if (!tip.isEmpty()) i->setToolTip(tip);
  return i;
}

const QString kFileFilter = QStringLiteral(
    "Labelled tweets or feedback (*.csv *.tsv *.jsonl *.ndjson *.json);;All files (*)");

}  // namespace

SourcesPanel::SourcesPanel(QWidget* parent)
    : QWidget(parent),
      sources_(
          table({tr("File"), tr("Weight"), tr("Kind"), tr("Rows"), tr("Left out"), tr("Digest")},
                "trainingSources")),
      sets_(table({tr("Name"), tr("File"), tr("Rows"), tr("Positive"), tr("Digest")},
                  "evaluationSets")),
      problem_(new QLabel) {
  problem_->setObjectName("sourcesProblem");
  problem_->setWordWrap(true);
  problem_->hide();

  auto* addSourceButton = new QPushButton(tr("Add to current data…"));
  addSourceButton->setObjectName("addSource");
  addSourceButton->setToolTip(
      tr("Mix a labelled file or a feedback log into the training part only (never validation or "
         "test), with a weight"));
  auto* removeSourceButton = new QPushButton(tr("Remove"));
  auto* addSetButton = new QPushButton(tr("Add evaluation set…"));
  addSetButton->setObjectName("addEvalSet");
  addSetButton->setToolTip(
      tr("Score every run on these tweets too (e.g. your own customers'), "
         "tracked as NAME_accuracy, NAME_balanced_accuracy, ..."));
  auto* removeSetButton = new QPushButton(tr("Remove"));

  connect(addSourceButton, &QPushButton::clicked, this, [this] {
    const auto file =
        chooseOpenFile(this, QStringLiteral("dataset"), tr("Add training data"), kFileFilter);
    if (!file.isEmpty()) addSource(file);
  });
  connect(removeSourceButton, &QPushButton::clicked, this,
          [this] { removeSource(sources_->currentRow()); });
  connect(addSetButton, &QPushButton::clicked, this, [this] {
    const auto file =
        chooseOpenFile(this, QStringLiteral("dataset"), tr("Add an evaluation set"), kFileFilter);
    if (file.isEmpty()) return;
    bool ok = false;
    const auto name = QInputDialog::getText(
        this, tr("Evaluation set name"), tr("Name (prefixes the metrics, e.g. target):"),
        QLineEdit::Normal, QString::fromStdString(domain::setNameFromPath(file.toStdString())),
        &ok);
    if (ok && !name.trimmed().isEmpty()) addEvalSet(name.trimmed(), file);
  });
  connect(removeSetButton, &QPushButton::clicked, this,
          [this] { removeEvalSet(sets_->currentRow()); });

  auto* sourcesBox = new QGroupBox(tr("Training sources (training part only)"));
  auto* sourcesLayout = new QVBoxLayout(sourcesBox);
  sourcesLayout->addWidget(sources_);
  auto* sourceButtons = new QHBoxLayout;
  sourceButtons->addWidget(addSourceButton);
  sourceButtons->addWidget(removeSourceButton);
  sourceButtons->addStretch();
  sourcesLayout->addLayout(sourceButtons);

  auto* setsBox = new QGroupBox(tr("Evaluation sets (scored after every run)"));
  auto* setsLayout = new QVBoxLayout(setsBox);
  setsLayout->addWidget(sets_);
  auto* setButtons = new QHBoxLayout;
  setButtons->addWidget(addSetButton);
  setButtons->addWidget(removeSetButton);
  setButtons->addStretch();
  setsLayout->addLayout(setButtons);

  auto* boxes = new QHBoxLayout;
  boxes->setContentsMargins(0, 0, 0, 0);
  boxes->addWidget(sourcesBox, 3);
  boxes->addWidget(setsBox, 2);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(boxes);
  layout->addWidget(problem_);
}

void SourcesPanel::addSource(const QString& file, double weight) {
  const int row = sources_->rowCount();
  sources_->insertRow(row);
  sources_->setItem(row, SourceFile, item(QFileInfo(file).fileName(), file));
  sources_->item(row, SourceFile)->setData(Qt::UserRole, file);
  auto* spin = new QDoubleSpinBox;
  spin->setRange(0.01, 1000.0);
  spin->setDecimals(2);
  spin->setValue(weight);
  spin->setToolTip(tr("How much each row of this source counts in training"));
  // Re-composing on every keystroke would reload; wait until the edit is done.
  connect(spin, &QDoubleSpinBox::editingFinished, this, &SourcesPanel::changed);
  sources_->setCellWidget(row, SourceWeight, spin);
  for (int c = SourceKind; c <= SourceDigest; ++c) sources_->setItem(row, c, item(tr("…")));
  emit changed();
}

void SourcesPanel::setWeight(int row, double weight) {
  if (auto* spin = qobject_cast<QDoubleSpinBox*>(sources_->cellWidget(row, SourceWeight))) {
    spin->setValue(weight);
    emit changed();
  }
}

void SourcesPanel::addEvalSet(const QString& name, const QString& file) {
  const int row = sets_->rowCount();
  sets_->insertRow(row);
  sets_->setItem(row, SetName, item(name));
  sets_->setItem(row, SetFile, item(QFileInfo(file).fileName(), file));
  sets_->item(row, SetFile)->setData(Qt::UserRole, file);
  for (int c = SetRows; c <= SetDigest; ++c) sets_->setItem(row, c, item(tr("…")));
  emit changed();
}

void SourcesPanel::removeSource(int row) {
  if (row < 0 || row >= sources_->rowCount()) return;
  sources_->removeRow(row);
  emit changed();
}

void SourcesPanel::removeEvalSet(int row) {
  if (row < 0 || row >= sets_->rowCount()) return;
  sets_->removeRow(row);
  emit changed();
}

std::vector<sources::SourceSpec> SourcesPanel::sourceSpecs() const {
  std::vector<sources::SourceSpec> specs;
  for (int row = 0; row < sources_->rowCount(); ++row) {
    sources::SourceSpec s;
    s.path = sources_->item(row, SourceFile)->data(Qt::UserRole).toString().toStdString();
    if (auto* spin = qobject_cast<QDoubleSpinBox*>(sources_->cellWidget(row, SourceWeight)))
      s.weight = spin->value();
    specs.push_back(std::move(s));
  }
  return specs;
}

std::vector<sources::EvalSetSpec> SourcesPanel::evalSetSpecs() const {
  std::vector<sources::EvalSetSpec> specs;
  for (int row = 0; row < sets_->rowCount(); ++row) {
    const auto name = sets_->item(row, SetName)->text().toStdString();
    const auto file = sets_->item(row, SetFile)->data(Qt::UserRole).toString().toStdString();
    specs.push_back(sources::parseEvalArgument(name + "=" + file));
  }
  return specs;
}

void SourcesPanel::showLoaded(const sources::TrainingComposition& composition,
                              const std::vector<sources::LoadedSource>& loaded,
                              const std::vector<sources::EvaluationSet>& sets) {
  problem_->hide();
  for (int row = 0; row < sources_->rowCount() && row < static_cast<int>(loaded.size()); ++row) {
    const auto& source = loaded[static_cast<std::size_t>(row)];
    const auto partIndex = static_cast<std::size_t>(row) + 1;
    const auto* part =
        partIndex < composition.parts.size() ? &composition.parts[partIndex] : nullptr;
    const auto summary = QString::fromStdString(source.summary);
    sources_->setItem(row, SourceKind, item(QString::fromStdString(source.kind), summary));
    sources_->setItem(row, SourceRows,
                      item(QString::number(part ? part->rows : source.dataset.size()), summary));
    QStringList leftOut;
    if (part && part->leftOutOverlap)
      leftOut << tr("%1 in validation/test").arg(part->leftOutOverlap);
    if (source.duplicates) leftOut << tr("%1 repeated").arg(source.duplicates);
    if (!source.conflicts.empty()) leftOut << tr("%1 conflicting").arg(source.conflicts.size());
    if (source.problemCount) leftOut << tr("%1 malformed").arg(source.problemCount);
    QString details;
    for (const auto& c : source.conflicts) {
      details += tr("conflicting verdicts: \"%1\"\n").arg(QString::fromStdString(c.text));
    }
    for (const auto& p : source.problems) {
      details += tr("line %1: %2\n").arg(p.line).arg(QString::fromStdString(p.reason));
    }
    sources_->setItem(row, SourceLeftOut,
                      item(leftOut.isEmpty() ? tr("none") : leftOut.join(", "), details.trimmed()));
    sources_->setItem(
        row, SourceDigest,
        item(QString::fromStdString((part ? part->digest : source.digest).substr(0, 12)),
             QString::fromStdString(part ? part->digest : source.digest)));
  }
  for (int row = 0; row < sets_->rowCount() && row < static_cast<int>(sets.size()); ++row) {
    const auto& set = sets[static_cast<std::size_t>(row)];
    const auto counts = set.dataset.labelCounts();
    const auto n = set.dataset.size();
    sets_->setItem(row, SetRows, item(QString::number(n), QString::fromStdString(set.summary)));
    sets_->setItem(
        row, SetPositives,
        item(n ? QString::number(100.0 * static_cast<double>(counts[1]) / static_cast<double>(n),
                                 'f', 1) +
                     "%"
               : QString()));
    sets_->setItem(
        row, SetDigest,
        item(QString::fromStdString(set.digest.substr(0, 12)), QString::fromStdString(set.digest)));
  }
}

void SourcesPanel::showProblem(const QString& message) {
  problem_->setText(tr("<b>Could not add:</b> %1").arg(message.toHtmlEscaped()));
  problem_->show();
}

}  // namespace tweetlab::ui
