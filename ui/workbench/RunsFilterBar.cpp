#include "ui/workbench/RunsFilterBar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

#include "core/models/Classifier.h"

namespace tweetlab::ui {

RunsFilterBar::RunsFilterBar(QWidget* parent)
    : QWidget(parent),
      text_(new QLineEdit),
      source_(new QComboBox),
      family_(new QComboBox),
      status_(new QComboBox) {
  text_->setObjectName("runsFilter");
  text_->setPlaceholderText(tr("Filter by name, model, preprocessing, id or tag=value"));
  text_->setClearButtonEnabled(true);
  family_->setObjectName("runsFamily");
  family_->addItem(tr("All models"), QString());
  for (const auto& f : models::classifierFamilies())
    family_->addItem(QString::fromStdString(f), QString::fromStdString(f));
  status_->setObjectName("runsStatus");
  status_->addItem(tr("Any status"), QString());
  for (const char* s : {"FINISHED", "FAILED", "KILLED", "RUNNING"})
    status_->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
  source_->setObjectName("runsSource");
  source_->addItem(tr("Local store"), QStringLiteral("local"));
  source_->addItem(tr("MLflow server"), QStringLiteral("mlflow"));
  source_->setToolTip(
      tr("MLflow lists the runs of the experiment set in Settings, from every machine"));
  auto* refresh = new QPushButton(tr("Refresh"));
  refresh->setShortcut(QKeySequence::Refresh);
  connect(refresh, &QPushButton::clicked, this, &RunsFilterBar::changed);
  connect(text_, &QLineEdit::textChanged, this, &RunsFilterBar::changed);
  for (auto* box : {source_, family_, status_})
    connect(box, &QComboBox::currentIndexChanged, this, &RunsFilterBar::changed);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(text_, 1);
  layout->addWidget(source_);
  layout->addWidget(family_);
  layout->addWidget(status_);
  layout->addWidget(refresh);
}

tracking::RunQuery RunsFilterBar::query() const {
  tracking::RunQuery query;
  // Words of the form key=value filter on tags ("tweetlab.embedding=glove"); the rest is text.
  QStringList words;
  for (const auto& word : text_->text().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
    if (word.indexOf(QLatin1Char('=')) > 0)
      tracking::addTagFilter(query, word.toStdString());
    else
      words << word;
  }
  query.text = words.join(QLatin1Char(' ')).toStdString();
  query.family = family_->currentData().toString().toStdString();
  if (const auto s = status_->currentData().toString(); !s.isEmpty())
    query.status = tracking::runStatusFromString(s.toStdString());
  return query;
}

bool RunsFilterBar::remote() const {
  return source_->currentData().toString() == QLatin1String("mlflow");
}

}  // namespace tweetlab::ui
