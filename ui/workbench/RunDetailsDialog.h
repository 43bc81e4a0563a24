#pragma once
// One run in full, opened from the Runs table (double-click a cell that is not edited in place,
// or Details…): what it is (name, status, times, data and split rows), why it failed, where its
// bundle is, its MLflow page, and tabs with every param, every metric and its history curves.
// It shows a record already read (the page reads the store on a worker thread).
#include <QDialog>
#include <QString>

#include "core/tracking/RunReport.h"

namespace tweetlab::ui {

class RunDetailsDialog : public QDialog {
  Q_OBJECT

 public:
  // `bundleFolder`: the run's model bundle, empty when it kept none (or it lives on MLflow);
  // `mlflowUrl`: its page in the MLflow UI, empty when it never reached a server.
  RunDetailsDialog(const tracking::ComparedRun& run, const QString& bundleFolder,
                   const QString& mlflowUrl, QWidget* parent = nullptr);
};

}  // namespace tweetlab::ui
