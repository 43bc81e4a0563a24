#include "ui/workbench/LiveHistoryChart.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>
#include <cmath>

namespace tweetlab::ui {

LiveHistoryChart::LiveHistoryChart(QWidget* parent) : QChartView(parent) {
  setRenderHint(QPainter::Antialiasing);
  setObjectName("liveHistory");
  reset(tr("Training history"));
}

QLineSeries* LiveHistoryChart::addSeries(const QString& name, QValueAxis* y, Qt::PenStyle style,
                                         const QColor& color) {
  auto* s = new QLineSeries;
  s->setName(name);
  QPen pen(color);
  pen.setWidthF(2.0);
  pen.setStyle(style);
  s->setPen(pen);
  s->setPointsVisible(true);
  chart()->addSeries(s);
  s->attachAxis(epochs_);
  s->attachAxis(y);
  return s;
}

void LiveHistoryChart::reset(const QString& title) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* old = this->chart();
  setChart(chart);
  delete old;

  epochs_ = new QValueAxis;
  epochs_->setTitleText(tr("epoch"));
  epochs_->setLabelFormat("%d");
  epochs_->setRange(1, 2);
  chart->addAxis(epochs_, Qt::AlignBottom);
  batches_ = new QValueAxis;
  batches_->setTitleText(tr("batch"));
  batches_->setLabelFormat("%d");
  batches_->setRange(0, 1);
  batches_->setVisible(false);
  chart->addAxis(batches_, Qt::AlignTop);
  loss_ = new QValueAxis;
  loss_->setTitleText(tr("loss"));
  loss_->setRange(0, 1);
  chart->addAxis(loss_, Qt::AlignLeft);
  accuracy_ = new QValueAxis;
  accuracy_->setTitleText(tr("accuracy"));
  accuracy_->setRange(0.4, 1.0);
  chart->addAxis(accuracy_, Qt::AlignRight);

  batchLoss_ = new QLineSeries;
  batchLoss_->setName(QStringLiteral("batch_loss"));
  QPen thin(QColor(160, 160, 160));
  thin.setWidthF(1.0);
  batchLoss_->setPen(thin);
  chart->addSeries(batchLoss_);
  batchLoss_->attachAxis(batches_);
  batchLoss_->attachAxis(loss_);

  addSeries(QStringLiteral("loss"), loss_, Qt::SolidLine, QColor(31, 119, 180));
  addSeries(QStringLiteral("val_loss"), loss_, Qt::DashLine, QColor(31, 119, 180));
  addSeries(QStringLiteral("accuracy"), accuracy_, Qt::SolidLine, QColor(255, 127, 14));
  addSeries(QStringLiteral("val_accuracy"), accuracy_, Qt::DashLine, QColor(255, 127, 14));
  haveSmoothed_ = false;
  maxLoss_ = 1.0;
}

QLineSeries* LiveHistoryChart::series(const QString& name) const {
  for (auto* s : chart()->series()) {
    if (s->name() == name) return static_cast<QLineSeries*>(s);
  }
  return nullptr;
}

int LiveHistoryChart::epochCount() const { return static_cast<int>(series("loss")->count()); }

void LiveHistoryChart::appendEpoch(const train::HistoryRow& row) {
  auto add = [&](const char* name, double value) {
    if (std::isfinite(value)) series(QString::fromLatin1(name))->append(row.epoch, value);
  };
  add("loss", row.loss);
  add("val_loss", row.valLoss);
  add("accuracy", row.accuracy);
  add("val_accuracy", row.valAccuracy);
  for (double v : {row.loss, row.valLoss}) {
    if (std::isfinite(v)) maxLoss_ = std::max(maxLoss_, v * 1.1);
  }
  loss_->setRange(0, maxLoss_);
  epochs_->setRange(1, std::max(2, row.epoch));
  epochs_->setTickCount(std::min(row.epoch, 10) + 1 > 2 ? std::min(row.epoch, 10) : 2);
}

void LiveHistoryChart::appendBatchLoss(qint64 batch, double loss) {
  if (!std::isfinite(loss)) return;
  // Exponential moving average: raw batch losses are too noisy to read.
  smoothed_ = haveSmoothed_ ? 0.95 * smoothed_ + 0.05 * loss : loss;
  haveSmoothed_ = true;
  batchLoss_->append(static_cast<qreal>(batch), smoothed_);
  batches_->setRange(0, std::max<qint64>(1, batch));
  maxLoss_ = std::max(maxLoss_, smoothed_ * 1.1);
  loss_->setRange(0, maxLoss_);
}

}  // namespace tweetlab::ui
