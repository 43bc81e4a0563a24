#include "ui/workbench/PreviewBox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tweetlab::ui {
namespace {

QString joined(const std::vector<std::string>& tokens) {
  QStringList parts;
  for (const auto& t : tokens) parts << QString::fromStdString(t).toHtmlEscaped();
  return parts.join(QStringLiteral(" <span style='color:gray'>|</span> "));
}

}  // namespace

PreviewBox::PreviewBox(QWidget* parent)
    : QGroupBox(tr("Preprocessing preview"), parent),
      morphology_(new QComboBox),
      stopwords_(new QCheckBox(tr("Remove stop words"))),
      browser_(new QTextBrowser) {
  morphology_->addItems({"none", "stem", "lemma"});
  browser_->setObjectName("preprocessPreview");
  browser_->setPlaceholderText(tr("Select a row to see how it is preprocessed."));
  auto* layout = new QVBoxLayout(this);
  auto* options = new QHBoxLayout;
  options->addWidget(new QLabel(tr("Model input:")));
  options->addWidget(morphology_);
  options->addWidget(stopwords_);
  options->addStretch();
  layout->addLayout(options);
  layout->addWidget(browser_);
  connect(morphology_, &QComboBox::currentIndexChanged, this, &PreviewBox::refresh);
  connect(stopwords_, &QCheckBox::toggled, this, &PreviewBox::refresh);
}

PreviewBox::~PreviewBox() {
  work_.waitForFinished();
}

void PreviewBox::showText(const QString& text) {
  text_ = text;
  refresh();
}

void PreviewBox::clear() {
  text_.clear();
  previewer_.dropPending();
  browser_->clear();
}

void PreviewBox::refresh() {
  if (text_.isEmpty()) {
    clear();
    return;
  }
  text::PreprocessConfig config;
  config.morphology = text::morphologyFromString(morphology_->currentText().toStdString());
  config.removeStopwords = stopwords_->isChecked();
  // Lemmas need WordNet loaded (once, ~a second): never on the GUI thread.
  work_ = previewer_.run(
      [config, raw = text_.toStdString()] { return text::Preprocessor(config).preview(raw); },
      [this](const text::PreprocessPreview& p) {
        if (!text_.isEmpty()) show(p);
      },
      [this](const QString& error) { browser_->setPlainText(error); });
}

void PreviewBox::show(const text::PreprocessPreview& p) {
  browser_->setHtml(
      tr("<p><b>Raw</b><br>%1</p><p><b>Normalised</b><br>%2</p><p><b>Tokens</b><br>%3</p>"
         "<p><b>Stems</b> (Snowball)<br>%4</p><p><b>Lemmas</b> (WordNet)<br>%5</p>"
         "<p><b>Model input</b><br>%6</p>")
          .arg(QString::fromStdString(p.raw).toHtmlEscaped(),
               QString::fromStdString(p.normalized).toHtmlEscaped(), joined(p.tokens),
               joined(p.stems), joined(p.lemmas), joined(p.output)));
}

}  // namespace tweetlab::ui
