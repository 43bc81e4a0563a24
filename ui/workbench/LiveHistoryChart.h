#pragma once
// The training curves as they arrive: loss and accuracy for train and validation per epoch, and
// a smoothed per-batch loss.
#include <QChartView>

#include "core/train/History.h"

class QLineSeries;
class QValueAxis;

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

 private:
  QLineSeries* addSeries(const QString& name, QValueAxis* y, Qt::PenStyle style, const QColor& color);

  QValueAxis* epochs_ = nullptr;
  QValueAxis* batches_ = nullptr;
  QValueAxis* loss_ = nullptr;
  QValueAxis* accuracy_ = nullptr;
  QLineSeries* batchLoss_ = nullptr;
  double smoothed_ = 0.0;
  bool haveSmoothed_ = false;
  double maxLoss_ = 1.0;
};

}  // namespace tweetlab::ui
