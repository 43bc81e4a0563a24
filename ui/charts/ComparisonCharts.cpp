#include "ui/charts/ComparisonCharts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/ChartBuilders.h"

namespace tweetlab::charts {

QChart* buildHistoryOverlay(const std::vector<tracking::RunHistoryPlot>& runs) {
  auto* chart = new QChart;
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setTitle(QStringLiteral("Validation curves per epoch"));
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* epochs = new QValueAxis;
  epochs->setTitleText(QStringLiteral("epoch"));
  auto* accuracy = new QValueAxis;
  accuracy->setTitleText(QStringLiteral("val_accuracy"));
  auto* loss = new QValueAxis;
  loss->setTitleText(QStringLiteral("val_loss"));
  chart->addAxis(epochs, Qt::AlignBottom);
  chart->addAxis(accuracy, Qt::AlignLeft);
  chart->addAxis(loss, Qt::AlignRight);
  double maxEpoch = 1, minAcc = 1, maxAcc = 0, maxLoss = 0;
  int colour = 0;
  for (const auto& run : runs) {
    auto* acc = new QLineSeries;
    auto* lss = new QLineSeries;
    const auto name = QString::fromStdString(run.name);
    acc->setName(name + QStringLiteral(" · val_accuracy"));
    lss->setName(name + QStringLiteral(" · val_loss"));
    for (const auto& p : run.history) {
      if (!std::isfinite(p.value)) continue;
      if (p.key == "val_accuracy") {
        acc->append(static_cast<qreal>(p.step), p.value);
        minAcc = std::min(minAcc, p.value);
        maxAcc = std::max(maxAcc, p.value);
      } else if (p.key == "val_loss") {
        lss->append(static_cast<qreal>(p.step), p.value);
        maxLoss = std::max(maxLoss, p.value);
      } else {
        continue;
      }
      maxEpoch = std::max<double>(maxEpoch, static_cast<double>(p.step));
    }
    const QColor c = seriesColor(colour++);
    acc->setPen(QPen(c, 2.0));
    lss->setPen(QPen(c, 1.5, Qt::DashLine));
    for (auto* s : {acc, lss}) {
      if (s->count() == 0) {
        delete s;
        continue;
      }
      s->setPointsVisible(true);
      chart->addSeries(s);
      s->attachAxis(epochs);
      s->attachAxis(s == acc ? accuracy : loss);
    }
  }
  setEpochAxis(epochs, static_cast<int>(maxEpoch));
  accuracy->setRange(maxAcc > 0 ? std::floor(minAcc * 20) / 20 : 0.4,
                     maxAcc > 0 ? std::min(1.0, std::ceil(maxAcc * 20) / 20 + 0.05) : 1.0);
  loss->setRange(0, maxLoss > 0 ? maxLoss * 1.1 : 1.0);
  if (runs.empty()) {
    chart->setTitle(QStringLiteral("Select runs to compare"));
  } else if (chart->series().isEmpty()) {
    chart->setTitle(
        QStringLiteral("No per-epoch history (these models are not trained in epochs)"));
  }
  return chart;
}

QChart* buildMetricBars(const tracking::MetricBarsPlot& bars) {
  auto* chart = new QChart;
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setTitle(QStringLiteral("Validation metrics"));
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* series = new QBarSeries;
  double lowest = 1.0;
  for (std::size_t m = 0; m < bars.metrics.size(); ++m) {
    auto* set = new QBarSet(QString::fromStdString(bars.metrics[m]));
    for (double v : bars.values[m]) {
      *set << (std::isfinite(v) ? v : 0.0);
      if (std::isfinite(v)) lowest = std::min(lowest, v);
    }
    series->append(set);
  }
  chart->addSeries(series);
  QStringList categories;
  for (const auto& run : bars.runs) categories << QString::fromStdString(run);
  auto* categoryAxis = new QBarCategoryAxis;
  categoryAxis->append(categories);
  auto* valueAxis = new QValueAxis;
  valueAxis->setRange(std::max(0.0, std::floor(lowest * 10) / 10 - 0.1), 1.0);
  chart->addAxis(categoryAxis, Qt::AlignBottom);
  chart->addAxis(valueAxis, Qt::AlignLeft);
  series->attachAxis(categoryAxis);
  series->attachAxis(valueAxis);
  series->setLabelsVisible(bars.runs.size() <= 4);
  series->setLabelsFormat(QStringLiteral("@value"));
  series->setLabelsPrecision(3);
  return chart;
}

}  // namespace tweetlab::charts
