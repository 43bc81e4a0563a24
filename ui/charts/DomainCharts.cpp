#include "ui/charts/DomainCharts.h"

#include <QAreaSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

namespace tweetlab::charts {
namespace {

constexpr const char* kPerfect = "perfectly calibrated";

const QColor& paletteColor(std::size_t i) {
  static const QColor palette[] = {QColor(31, 119, 180),  QColor(255, 127, 14),
                                   QColor(44, 160, 44),   QColor(214, 39, 40),
                                   QColor(148, 103, 189), QColor(140, 86, 75)};
  return palette[i % std::size(palette)];
}

QValueAxis* namedAxis(const QChart* chart, const char* name) {
  for (auto* a : chart->axes()) {
    if (a->objectName() == QLatin1String(name)) return static_cast<QValueAxis*>(a);
  }
  return nullptr;
}

QValueAxis* addAxis(QChart* chart, const char* name, const QString& title, Qt::Alignment where) {
  auto* a = new QValueAxis;
  a->setObjectName(QString::fromLatin1(name));
  a->setTitleText(title);
  chart->addAxis(a, where);
  return a;
}

}  // namespace

QChart* createReliabilityChart(const QString& title) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* x = addAxis(chart, "score", QStringLiteral("mean P(positive) in the bin"), Qt::AlignBottom);
  auto* y = addAxis(chart, "rate", QStringLiteral("share of positive tweets"), Qt::AlignLeft);
  x->setRange(0, 1);
  y->setRange(0, 1);
  auto* diagonal = new QLineSeries;
  diagonal->setName(QString::fromLatin1(kPerfect));
  diagonal->setPen(QPen(Qt::gray, 1.0, Qt::DotLine));
  diagonal->append(0, 0);
  diagonal->append(1, 1);
  chart->addSeries(diagonal);
  diagonal->attachAxis(x);
  diagonal->attachAxis(y);
  return chart;
}

int reliabilityCurveCount(const QChart* chart) {
  int n = 0;
  for (auto* s : chart->series()) {
    if (s->name() != QLatin1String(kPerfect)) ++n;
  }
  return n;
}

void addReliabilityCurve(QChart* chart, const QString& name, const eval::Reliability& r) {
  auto* x = namedAxis(chart, "score");
  auto* y = namedAxis(chart, "rate");
  auto* s = new QLineSeries;
  const double ece = r.expectedCalibrationError;
  s->setName(std::isfinite(ece) ? QStringLiteral("%1 (ECE %2)").arg(name).arg(ece, 0, 'f', 3)
                                : name);
  QPen pen(paletteColor(static_cast<std::size_t>(reliabilityCurveCount(chart))));
  pen.setWidthF(2.0);
  s->setPen(pen);
  s->setPointsVisible(true);
  for (const auto& bin : r.bins) {
    if (bin.count > 0) s->append(bin.meanScore, bin.positiveRate);
  }
  chart->addSeries(s);
  s->attachAxis(x);
  s->attachAxis(y);
}

QChart* buildCurveChart(const std::vector<tracking::CurveSeries>& series, const QString& title,
                        const QString& xLabel, const QString& yLabel) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* x = addAxis(chart, "x", xLabel, Qt::AlignBottom);
  auto* y = addAxis(chart, "y", yLabel, Qt::AlignLeft);
  x->setLabelFormat("%d");
  double xMax = 1.0, yMin = std::numeric_limits<double>::infinity(), yMax = -yMin;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    const QColor color = paletteColor(i);
    // The spread over repeats as a light band under the line.
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    auto* line = new QLineSeries;
    line->setName(QString::fromStdString(s.name));
    QPen pen(color);
    pen.setWidthF(2.0);
    line->setPen(pen);
    line->setPointsVisible(true);
    for (const auto& p : s.points) {
      if (!std::isfinite(p.mean)) continue;
      upper->append(p.x, p.high);
      lower->append(p.x, p.low);
      line->append(p.x, p.mean);
      xMax = std::max(xMax, p.x);
      yMin = std::min(yMin, p.low);
      yMax = std::max(yMax, p.high);
    }
    auto* band = new QAreaSeries(upper, lower);
    upper->setParent(band);  // the area series does not own its boundary lines
    lower->setParent(band);
    QColor fill = color;
    fill.setAlpha(50);
    band->setBrush(fill);
    band->setPen(Qt::NoPen);
    chart->addSeries(band);
    band->attachAxis(x);
    band->attachAxis(y);
    chart->addSeries(line);
    line->attachAxis(x);
    line->attachAxis(y);
    for (auto* marker : chart->legend()->markers(band)) marker->setVisible(false);
  }
  x->setRange(0, xMax);
  if (std::isfinite(yMin)) {
    const double pad = std::max(0.01, (yMax - yMin) * 0.1);
    y->setRange(std::max(0.0, yMin - pad), std::min(1.0, yMax + pad));
    y->applyNiceNumbers();
    y->setLabelFormat("%.2f");
  } else {
    y->setRange(0, 1);
  }
  return chart;
}

}  // namespace tweetlab::charts
