#include "ui/charts/ChartBuilders.h"

#include <QFont>
#include <QLegend>
#include <QLegendMarker>
#include <QPen>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>

namespace tweetlab::charts {
namespace {

constexpr const char* kDiagonal = "chance";
constexpr const char* kRawBatchLoss = "batch_loss_raw";

QValueAxis* axis(const QChart* chart, const char* name) {
  for (auto* a : chart->axes()) {
    if (a->objectName() == QLatin1String(name)) return static_cast<QValueAxis*>(a);
  }
  return nullptr;
}

QValueAxis* newAxis(QChart* chart, const char* name, const QString& title, Qt::Alignment where) {
  auto* a = new QValueAxis;
  a->setObjectName(QString::fromLatin1(name));
  a->setTitleText(title);
  chart->addAxis(a, where);
  return a;
}

QLineSeries* newSeries(QChart* chart, const QString& name, QValueAxis* x, QValueAxis* y,
                       Qt::PenStyle style, const QColor& color, double width) {
  auto* s = new QLineSeries;
  s->setName(name);
  QPen pen(color);
  pen.setWidthF(width);
  pen.setStyle(style);
  s->setPen(pen);
  chart->addSeries(s);
  s->attachAxis(x);
  s->attachAxis(y);
  return s;
}

}  // namespace

QColor seriesColor(int n) {
  static const QColor palette[] = {QColor(31, 119, 180),  QColor(255, 127, 14),
                                   QColor(44, 160, 44),   QColor(214, 39, 40),
                                   QColor(148, 103, 189), QColor(140, 86, 75)};
  return palette[static_cast<std::size_t>(std::max(0, n)) % std::size(palette)];
}

void setEpochAxis(QValueAxis* axis, int lastEpoch) {
  const int last = std::max(2, lastEpoch);
  axis->setLabelFormat("%d");
  axis->setRange(1, last);
  // Dynamic ticks anchored on epoch 1 every whole step: a fixed tick count put ticks between
  // epochs, labelled "1 1 2 2 3" by the %d format. The step follows the range shown, so a
  // zoomed-in axis still has whole ticks, about ten of them.
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(1);
  const auto wholeStep = [axis](qreal min, qreal max) {
    axis->setTickInterval(std::max(1, static_cast<int>(std::ceil((max - min) / 10.0))));
  };
  wholeStep(axis->min(), axis->max());
  if (!axis->property("wholeTicks").toBool()) {
    axis->setProperty("wholeTicks", true);
    QObject::connect(axis, &QValueAxis::rangeChanged, axis, wholeStep);
  }
}

QChart* createRocChart(const QString& title) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* x = newAxis(chart, "fpr", QStringLiteral("false positive rate"), Qt::AlignBottom);
  auto* y = newAxis(chart, "tpr", QStringLiteral("true positive rate"), Qt::AlignLeft);
  x->setRange(0, 1);
  y->setRange(0, 1);
  auto* diagonal =
      newSeries(chart, QString::fromLatin1(kDiagonal), x, y, Qt::DotLine, Qt::gray, 1.0);
  diagonal->append(0, 0);
  diagonal->append(1, 1);
  return chart;
}

void addRocCurve(QChart* chart, const QString& name, const std::vector<eval::RocPoint>& points,
                 double auc) {
  auto* x = axis(chart, "fpr");
  auto* y = axis(chart, "tpr");
  // Colours cycle like the GUI's default theme, skipping the grey diagonal.
  const auto color = seriesColor(rocCurveCount(chart));
  const QString label =
      std::isfinite(auc) ? QStringLiteral("%1 (AUC %2)").arg(name).arg(auc, 0, 'f', 3) : name;
  auto* s = newSeries(chart, label, x, y, Qt::SolidLine, color, 2.0);
  QList<QPointF> xy;
  xy.reserve(static_cast<qsizetype>(points.size()));
  for (const auto& p : points) xy.append({p.falsePositiveRate, p.truePositiveRate});
  s->replace(xy);
}

void clearRocCurves(QChart* chart) {
  for (auto* s : chart->series()) {
    if (s->name() == QLatin1String(kDiagonal)) continue;
    chart->removeSeries(s);
    delete s;
  }
}

int rocCurveCount(const QChart* chart) {
  int n = 0;
  for (auto* s : chart->series()) {
    if (s->name() != QLatin1String(kDiagonal)) ++n;
  }
  return n;
}

QChart* createHistoryChart(const QString& title) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* epochs = newAxis(chart, "epoch", QStringLiteral("epoch"), Qt::AlignBottom);
  epochs->setLabelFormat("%d");
  auto* batches = newAxis(chart, "batch", QStringLiteral("batch"), Qt::AlignTop);
  batches->setLabelFormat("%d");
  batches->setVisible(false);
  auto* loss = newAxis(chart, "loss", QStringLiteral("loss"), Qt::AlignLeft);
  auto* accuracy = newAxis(chart, "accuracy", QStringLiteral("accuracy"), Qt::AlignRight);
  // The raw per-batch losses faded behind their smoothed curve (as TensorBoard and W&B draw
  // them), both in a colour of their own; the raw one stays out of the legend.
  QColor raw = seriesColor(4);
  raw.setAlpha(70);
  auto* rawSeries =
      newSeries(chart, QString::fromLatin1(kRawBatchLoss), batches, loss, Qt::SolidLine, raw, 1.0);
  for (auto* marker : chart->legend()->markers(rawSeries)) marker->setVisible(false);
  newSeries(chart, QStringLiteral("batch_loss"), batches, loss, Qt::SolidLine, seriesColor(4), 1.5);
  // A colour of its own per series: the legend shows colours, not dashes, so training and
  // validation drawn in one colour (dashed or not) could not be told apart there.
  for (auto* s :
       {newSeries(chart, QStringLiteral("loss"), epochs, loss, Qt::SolidLine, seriesColor(0), 2.0),
        newSeries(chart, QStringLiteral("val_loss"), epochs, loss, Qt::DashLine, seriesColor(2),
                  2.0),
        newSeries(chart, QStringLiteral("accuracy"), epochs, accuracy, Qt::SolidLine,
                  seriesColor(1), 2.0),
        newSeries(chart, QStringLiteral("val_accuracy"), epochs, accuracy, Qt::DashLine,
                  seriesColor(3), 2.0)}) {
    s->setPointsVisible(true);
  }
  resetHistoryChart(chart, title);
  return chart;
}

void resetHistoryChart(QChart* chart, const QString& title) {
  chart->setTitle(title);
  for (auto* s : chart->series()) static_cast<QLineSeries*>(s)->clear();
  fitHistoryAxes(chart);
}

QLineSeries* historySeries(const QChart* chart, const QString& name) {
  for (auto* s : chart->series()) {
    if (s->name() == name) return static_cast<QLineSeries*>(s);
  }
  return nullptr;
}

namespace {

// Widens the loss and accuracy axes to show `losses` and `accuracies`, never narrows them: from
// the empty chart's ranges on, the axes are the range of all data appended so far.
void widenHistoryAxes(QChart* chart, std::initializer_list<double> losses,
                      std::initializer_list<double> accuracies) {
  auto* loss = axis(chart, "loss");
  double maxLoss = loss->max();
  for (double v : losses) {
    if (std::isfinite(v)) maxLoss = std::max(maxLoss, v * 1.1);
  }
  loss->setRange(0, maxLoss);
  loss->applyNiceNumbers();  // ticks 0, 0.2, 0.4 ... 1.2 rather than 0, 0.29, 0.58 ... 1.15
  auto* accuracy = axis(chart, "accuracy");
  double minAccuracy = accuracy->min();
  for (double v : accuracies) {
    if (std::isfinite(v)) minAccuracy = std::min(minAccuracy, std::floor(v * 10.0) / 10.0);
  }
  accuracy->setRange(std::max(0.0, minAccuracy), 1.0);
}

double lastX(const QLineSeries* series) {
  return series->count() > 0 ? series->at(series->count() - 1).x() : 0.0;
}

}  // namespace

void fitHistoryAxes(QChart* chart) {
  axis(chart, "loss")->setRange(0, 1);
  axis(chart, "accuracy")->setRange(0.4, 1.0);
  double maxLoss = 0, minAccuracy = 1;
  for (const char* name : {"loss", "val_loss", "batch_loss", kRawBatchLoss}) {
    for (const auto& p : historySeries(chart, QString::fromLatin1(name))->points())
      maxLoss = std::max(maxLoss, p.y());
  }
  for (const char* name : {"accuracy", "val_accuracy"}) {
    for (const auto& p : historySeries(chart, QString::fromLatin1(name))->points())
      minAccuracy = std::min(minAccuracy, p.y());
  }
  widenHistoryAxes(chart, {maxLoss}, {minAccuracy});
  double lastEpoch = 0;
  for (const char* name : {"loss", "val_loss", "accuracy", "val_accuracy"})
    lastEpoch = std::max(lastEpoch, lastX(historySeries(chart, QString::fromLatin1(name))));
  setEpochAxis(axis(chart, "epoch"), static_cast<int>(lastEpoch));
  axis(chart, "batch")
      ->setRange(0, std::max(1.0, lastX(historySeries(chart, QString::fromLatin1(kRawBatchLoss)))));
}

void appendHistoryEpoch(QChart* chart, const train::HistoryRow& row) {
  auto add = [&](const char* name, double value) {
    if (std::isfinite(value))
      historySeries(chart, QString::fromLatin1(name))->append(row.epoch, value);
  };
  add("loss", row.loss);
  add("val_loss", row.valLoss);
  add("accuracy", row.accuracy);
  add("val_accuracy", row.valAccuracy);
  if (chart->isZoomed()) return;  // the user's zoom stays; a reset fits all the data
  widenHistoryAxes(chart, {row.loss, row.valLoss}, {row.accuracy, row.valAccuracy});
  setEpochAxis(axis(chart, "epoch"), row.epoch);
}

void appendBatchLosses(QChart* chart, const QList<QPointF>& raw, const QList<QPointF>& smoothed) {
  if (raw.isEmpty()) return;
  // One replace per series, not an append per point: a visible series redraws all its points
  // for every point appended (measured: 3 ms per point at 5,000 points), once for a replace.
  for (const auto& [name, points] : {std::pair{QString::fromLatin1(kRawBatchLoss), &raw},
                                     std::pair{QStringLiteral("batch_loss"), &smoothed}}) {
    auto* series = historySeries(chart, name);
    series->replace(series->points() + *points);
  }
  if (chart->isZoomed()) return;
  axis(chart, "batch")->setRange(0, std::max(1.0, raw.back().x()));
  // Smoothed points lie within the raw range (weighted means of raw points): the raw ones decide.
  double maxRaw = 0;
  for (const auto& p : raw) maxRaw = std::max(maxRaw, p.y());
  widenHistoryAxes(chart, {maxRaw}, {});
}

QChart* buildHistoryChart(const train::History& history, const QString& title) {
  auto* chart = createHistoryChart(title);
  for (const auto& row : history) appendHistoryEpoch(chart, row);
  // A finished history has no per-batch curve: keep it out of the legend.
  for (auto* marker :
       chart->legend()->markers(historySeries(chart, QStringLiteral("batch_loss")))) {
    marker->setVisible(false);
  }
  return chart;
}

QColor confusionCellColor(bool correct, double share) {
  QColor shade = correct ? QColor(31, 119, 180) : QColor(214, 39, 40);
  shade.setAlphaF(static_cast<float>(0.15 + 0.6 * std::clamp(share, 0.0, 1.0)));
  return shade;
}

void paintConfusionMatrix(QPainter& painter, const QRectF& area, const eval::ConfusionMatrix& m,
                          const QString& title) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  painter.fillRect(area, Qt::white);
  QFont font = painter.font();
  font.setPointSizeF(std::max(8.0, area.height() / 40.0));
  painter.setFont(font);
  const double titleHeight = area.height() * 0.12;
  const double labelWidth = area.width() * 0.22;
  const double labelHeight = area.height() * 0.1;
  QFont bold = font;
  bold.setBold(true);
  painter.setFont(bold);
  painter.drawText(QRectF(area.left(), area.top(), area.width(), titleHeight), Qt::AlignCenter,
                   title.isEmpty() ? QStringLiteral("Confusion matrix")
                                   : QStringLiteral("Confusion matrix: %1").arg(title));
  painter.setFont(font);
  const QRectF grid(area.left() + labelWidth, area.top() + titleHeight + labelHeight,
                    area.width() - labelWidth - 10, area.height() - titleHeight - labelHeight - 10);
  const QString columns[2] = {QStringLiteral("predicted negative"),
                              QStringLiteral("predicted positive")};
  const QString rows[2] = {QStringLiteral("actual negative"), QStringLiteral("actual positive")};
  const std::size_t cells[2][2] = {{m.trueNegative, m.falsePositive},
                                   {m.falseNegative, m.truePositive}};
  const double cw = grid.width() / 2, ch = grid.height() / 2;
  for (int c = 0; c < 2; ++c) {
    painter.drawText(QRectF(grid.left() + c * cw, grid.top() - labelHeight, cw, labelHeight),
                     Qt::AlignCenter, columns[c]);
  }
  for (int r = 0; r < 2; ++r) {
    painter.drawText(QRectF(area.left(), grid.top() + r * ch, labelWidth - 6, ch),
                     Qt::AlignRight | Qt::AlignVCenter, rows[r]);
    const double rowTotal = static_cast<double>(cells[r][0] + cells[r][1]);
    for (int c = 0; c < 2; ++c) {
      const double share = rowTotal > 0 ? static_cast<double>(cells[r][c]) / rowTotal : 0.0;
      const QRectF cell(grid.left() + c * cw, grid.top() + r * ch, cw, ch);
      painter.fillRect(cell, confusionCellColor(r == c, share));
      painter.setPen(QPen(Qt::white, 2));
      painter.drawRect(cell);
      painter.setPen(Qt::black);
      painter.drawText(cell, Qt::AlignCenter,
                       QStringLiteral("%1\n(%2%)").arg(cells[r][c]).arg(share * 100.0, 0, 'f', 1));
    }
  }
  painter.restore();
}

}  // namespace tweetlab::charts
