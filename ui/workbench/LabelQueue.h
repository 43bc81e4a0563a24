#pragma once
// "Label next": a queue of unlabelled target tweets, ranked by a local bundle (uncertainty,
// diversity or random: core/domain/LabelSelection), shown one at a time with the model's guess.
// The tester answers positive, negative or skip; each answer is a feedback record (the model's
// prediction, accepted when the tester's label agrees) written to the same feedback log as the
// Try page's verdicts, so `train --add feedback.jsonl` and the Data page learn from it.
// Ranking and writing run off the GUI thread.
#include <QWidget>
#include <memory>
#include <vector>

#include "core/bundle/Predictor.h"
#include "core/domain/LabelSelection.h"
#include "core/sources/TextPool.h"
#include "core/telemetry/FeedbackRecord.h"
#include "ui/workbench/AsyncRunner.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace tweetlab::telemetry {
class FeedbackLog;
}

namespace tweetlab::ui {

class BackgroundTask;

class LabelQueue : public QWidget {
  Q_OBJECT

 public:
  explicit LabelQueue(QWidget* parent = nullptr);
  ~LabelQueue() override;

  void setFeedbackLog(std::shared_ptr<telemetry::FeedbackLog> log) { log_ = std::move(log); }
  void setBundle(const QString& dir);
  void setPool(const QString& file);
  void setStrategy(const QString& strategy);  // uncertainty | diverse | random
  void setSize(int n);

  int remaining() const { return static_cast<int>(queue_.size() - position_); }
  QString currentText() const;
  const std::vector<domain::Suggestion>& suggestions() const { return queue_; }
  bool isRanking() const;

 public slots:
  void rank();  // loads the bundle and the pool and ranks them (background)
  void labelPositive() { answer(1); }
  void labelNegative() { answer(0); }
  void skip();

 signals:
  void ranked(int count);
  void labelled(const tweetlab::telemetry::FeedbackRecord& record);  // once the log has it
  void failed(const QString& message);
  void statusMessage(const QString& message);

 private:
  void answer(int label);
  void showCurrent();

  QLineEdit* bundle_;
  QLineEdit* pool_;
  QComboBox* strategy_;
  QSpinBox* size_;
  QPushButton* rankButton_;
  QLabel* tweet_;
  QLabel* guess_;
  QLabel* progress_;
  QPushButton* positive_;
  QPushButton* negative_;
  QPushButton* skip_;
  BackgroundTask* task_;

  std::shared_ptr<telemetry::FeedbackLog> log_;
  std::shared_ptr<const bundle::Predictor> predictor_;
  sources::TextPool chosen_;  // the queued tweets' texts
  std::vector<domain::Suggestion> queue_;
  std::size_t position_ = 0;
  // Filled by the worker, taken over on success.
  struct Ranked {
    std::shared_ptr<const bundle::Predictor> predictor;
    sources::TextPool pool;
    std::vector<domain::Suggestion> suggestions;
  };
  std::shared_ptr<Ranked> ranking_;
  AsyncRunner saver_{this, AsyncRunner::Keep::Every};  // every label saved reports
};

}  // namespace tweetlab::ui
