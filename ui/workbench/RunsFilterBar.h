#pragma once
// The Runs page's filter row: free text (words like tweetlab.embedding=glove filter on tags), where
// the runs come from (the local store or the MLflow experiment set in Settings), model family,
// status and a Refresh button. It only says what to list (query(), remote()); RunsPage lists.
#include <QWidget>

#include "core/tracking/RunQuery.h"

class QComboBox;
class QLineEdit;

namespace tweetlab::ui {

class RunsFilterBar : public QWidget {
  Q_OBJECT

 public:
  explicit RunsFilterBar(QWidget* parent = nullptr);
  tracking::RunQuery query() const;
  bool remote() const;  // the MLflow server, not the local store

 signals:
  void changed();  // any filter changed, or Refresh was pressed

 private:
  QLineEdit* text_;
  QComboBox* source_;
  QComboBox* family_;
  QComboBox* status_;
};

}  // namespace tweetlab::ui
