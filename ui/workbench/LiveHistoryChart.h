#pragma once
// The training curves as they arrive: loss and accuracy for train and validation per epoch, and
// a smoothed per-batch loss. Built by ui/charts, so it looks like the tracked history.png.
#include <QChartView>

#include "core/train/History.h"

class QLineSeries;

namespace tweetlab::ui {

class LiveHistoryChart : public QChartView {
  Q_OBJECT

 public:
  explicit LiveHistoryChart(QWidget* parent = nullptr);

  void reset(const QString& title);
  void appendEpoch(const train::HistoryRow& row);
  void appendBatchLoss(qint64 batch, double loss);
  int epochCount() const;
  // Read-only access for tests and the report: series by name ("loss", "val_loss", ...).
  QLineSeries* series(const QString& name) const;
};

}  // namespace tweetlab::ui
