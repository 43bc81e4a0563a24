#pragma once
// The Data page's preprocessing preview: one tweet through every stage (raw, normalised, tokens,
// stems, lemmas, model input) under the options chosen here, computed off the GUI thread (lemmas
// load WordNet once). Cleared when the data changes, so it never shows another dataset's tweet.
#include <QFuture>
#include <QGroupBox>

#include "core/text/Preprocessor.h"
#include "ui/workbench/AsyncRunner.h"

class QCheckBox;
class QComboBox;
class QTextBrowser;

namespace tweetlab::ui {

class PreviewBox : public QGroupBox {
  Q_OBJECT

 public:
  explicit PreviewBox(QWidget* parent = nullptr);
  ~PreviewBox() override;

  void showText(const QString& text);  // empty: clears
  void clear();

 private:
  void refresh();
  void show(const text::PreprocessPreview& preview);

  QComboBox* morphology_;
  QCheckBox* stopwords_;
  QTextBrowser* browser_;
  QString text_;
  AsyncRunner previewer_{this};  // the latest options' preview only
  QFuture<void> work_;           // waited for on destruction
};

}  // namespace tweetlab::ui
