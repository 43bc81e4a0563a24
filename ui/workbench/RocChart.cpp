#include "ui/workbench/RocChart.h"

#include <QChart>
#include <QHeaderView>
#include <QLineSeries>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

namespace tweetlab::ui {
namespace {
constexpr const char* kDiagonal = "chance";
}

RocChart::RocChart(QWidget* parent) : QChartView(parent) {
  setRenderHint(QPainter::Antialiasing);
  setObjectName("rocChart");
  clear();
}

void RocChart::clear() {
  auto* chart = new QChart;
  chart->setTitle(tr("ROC curve (validation)"));
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* x = new QValueAxis;
  x->setRange(0, 1);
  x->setTitleText(tr("false positive rate"));
  auto* y = new QValueAxis;
  y->setRange(0, 1);
  y->setTitleText(tr("true positive rate"));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  auto* diagonal = new QLineSeries;
  diagonal->setName(QString::fromLatin1(kDiagonal));
  diagonal->append(0, 0);
  diagonal->append(1, 1);
  QPen pen(Qt::gray);
  pen.setStyle(Qt::DotLine);
  diagonal->setPen(pen);
  chart->addSeries(diagonal);
  diagonal->attachAxis(x);
  diagonal->attachAxis(y);
  auto* old = this->chart();
  setChart(chart);
  delete old;
}

void RocChart::addCurve(const QString& name, const std::vector<eval::RocPoint>& points, double auc) {
  auto* series = new QLineSeries;
  series->setName(std::isfinite(auc) ? tr("%1 (AUC %2)").arg(name).arg(auc, 0, 'f', 3) : name);
  QList<QPointF> xy;
  xy.reserve(static_cast<qsizetype>(points.size()));
  for (const auto& p : points) xy.append({p.falsePositiveRate, p.truePositiveRate});
  series->replace(xy);
  QPen pen = series->pen();
  pen.setWidthF(2.0);
  series->setPen(pen);
  chart()->addSeries(series);
  for (auto* axis : chart()->axes()) series->attachAxis(axis);
}

int RocChart::curveCount() const {
  int n = 0;
  for (auto* s : chart()->series()) {
    if (s->name() != QLatin1String(kDiagonal)) ++n;
  }
  return n;
}

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent), table_(new QTableWidget(2, 2)) {
  table_->setHorizontalHeaderLabels({tr("predicted negative"), tr("predicted positive")});
  table_->setVerticalHeaderLabels({tr("actual negative"), tr("actual positive")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setObjectName("confusionMatrix");
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(table_);
}

void ConfusionMatrixView::setMatrix(const eval::ConfusionMatrix& m) {
  const std::size_t cells[2][2] = {{m.trueNegative, m.falsePositive}, {m.falseNegative, m.truePositive}};
  for (int r = 0; r < 2; ++r) {
    const double rowTotal = static_cast<double>(cells[r][0] + cells[r][1]);
    for (int c = 0; c < 2; ++c) {
      const double share = rowTotal > 0 ? static_cast<double>(cells[r][c]) / rowTotal : 0.0;
      auto* item = new QTableWidgetItem(QStringLiteral("%1\n(%2%)").arg(cells[r][c]).arg(share * 100.0, 0, 'f', 1));
      item->setTextAlignment(Qt::AlignCenter);
      // Correct cells in blue, errors in red; the stronger the share, the deeper the shade.
      const QColor base = r == c ? QColor(31, 119, 180) : QColor(214, 39, 40);
      QColor shade = base;
      shade.setAlphaF(0.15 + 0.6 * share);
      item->setBackground(shade);
      table_->setItem(r, c, item);
    }
  }
}

}  // namespace tweetlab::ui
