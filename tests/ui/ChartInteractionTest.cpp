// Issue 19, "Train, one run at a time": the training-curve charts answer the mouse like a W&B run
// page. Hovering a curve shows the point's values, a dragged rectangle zooms (and new epochs do
// not undo it), a right-click shows everything again, and the per-batch loss is smoothed with a
// remembered weight over its raw points. Real widgets, real mouse events, offscreen.
#include <gtest/gtest.h>

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPushButton>
#include <QSlider>
#include <QTabWidget>
#include <QValueAxis>
#include <cmath>
#include <vector>

#include "core/tracking/RunReport.h"
#include "tests/ui/UiTestSupport.h"
#include "ui/charts/ChartHover.h"
#include "ui/charts/ChartZoom.h"
#include "ui/workbench/LiveHistoryChart.h"
#include "ui/workbench/RocChart.h"
#include "ui/workbench/RunDetailsDialog.h"
#include "ui/workbench/RunResultTabs.h"
#include "ui/workbench/SmoothingControl.h"

namespace tweetlab::ui {
namespace {

using testing::waitUntil;

// Shown at a laptop-like size, its chart laid out (plotArea follows the view's size).
void showLaidOut(QWidget& widget, QChartView& view) {
  widget.resize(900, 560);
  widget.show();
  ASSERT_TRUE(waitUntil([&] { return view.chart()->plotArea().width() > 300; }, 5000));
}

QPoint onScreen(QChartView& view, QXYSeries* series, const QPointF& value) {
  QChart* chart = view.chart();
  return view.mapFromScene(chart->mapToScene(chart->mapToPosition(value, series)));
}

void mouse(QChartView& view, QEvent::Type type, const QPoint& at, Qt::MouseButton button,
           Qt::MouseButtons held) {
  QWidget* viewport = view.viewport();
  QMouseEvent event(type, QPointF(at), QPointF(viewport->mapToGlobal(at)), button, held,
                    Qt::NoModifier);
  QApplication::sendEvent(viewport, &event);
}

void moveMouseTo(QChartView& view, const QPoint& at) {
  mouse(view, QEvent::MouseMove, at, Qt::NoButton, Qt::NoButton);
}

charts::ChartHover* hoverOf(QChartView& view) {
  return view.findChild<charts::ChartHover*>();
}

QValueAxis* axisNamed(QChart* chart, const QString& name) {
  for (auto* axis : chart->axes())
    if (axis->objectName() == name) return qobject_cast<QValueAxis*>(axis);
  return nullptr;
}

// Batch losses are drawn a few times a second, all those waiting at once.
void waitUntilDrawn(LiveHistoryChart& chart, int batches) {
  ASSERT_TRUE(waitUntil([&] { return chart.series("batch_loss_raw")->count() == batches; }, 5000));
}

void appendEpochs(LiveHistoryChart& chart, int from, int to) {
  for (int epoch = from; epoch <= to; ++epoch) {
    train::HistoryRow row;
    row.epoch = epoch;
    row.loss = 0.7 / epoch;
    row.valLoss = 0.75 / epoch + 0.05;
    row.accuracy = 0.6 + 0.05 * epoch;
    row.valAccuracy = 0.58 + 0.04 * epoch;
    chart.appendEpoch(row);
  }
}

// Noisy, falling mini-batch losses, as a BiLSTM's look.
double batchLoss(int i) {
  return 0.7 * std::exp(-i / 30.0) + 0.25 + 0.12 * std::sin(i * 1.7);
}

std::vector<double> ys(const QLineSeries* series) {
  std::vector<double> out;
  for (const auto& p : series->points()) out.push_back(p.y());
  return out;
}

// The smoothing's definition, independent of train::LossSmoother's recurrence: each point is
// the mean of the raw points so far weighted weight^age.
std::vector<double> weightedMeansSoFar(const std::vector<double>& raw, double weight) {
  std::vector<double> out;
  for (std::size_t n = 0; n < raw.size(); ++n) {
    double sum = 0, weights = 0;
    for (std::size_t i = 0; i <= n; ++i) {
      const double w = std::pow(weight, static_cast<double>(n - i));
      sum += w * raw[i];
      weights += w;
    }
    out.push_back(sum / weights);
  }
  return out;
}

void expectCurve(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-9) << i;
}

TEST(TrainingChart, HoveringAnEpochShowsTheSeriesTheWholeEpochAndTheValue) {
  LiveHistoryChart chart;
  appendEpochs(chart, 1, 4);
  showLaidOut(chart, chart);
  auto* valLoss = chart.series("val_loss");
  const QPointF third = valLoss->at(2);
  moveMouseTo(chart, onScreen(chart, valLoss, third) + QPoint(3, -2));  // near is enough
  EXPECT_EQ(hoverOf(chart)->text(), QString("val_loss  epoch 3: %1").arg(third.y(), 0, 'f', 4));
  auto* accuracy = chart.series("accuracy");
  moveMouseTo(chart, onScreen(chart, accuracy, accuracy->at(1)));
  EXPECT_EQ(hoverOf(chart)->text(),
            QString("accuracy  epoch 2: %1").arg(accuracy->at(1).y(), 0, 'f', 4));
  // Nowhere near a point (the chart's top-left corner, outside the plot): no label.
  moveMouseTo(chart, QPoint(2, 2));
  EXPECT_TRUE(hoverOf(chart)->text().isEmpty());
}

TEST(TrainingChart, HoveringTheBatchLossShowsTheSmoothedAndTheRawValue) {
  RunResultTabs tabs;
  auto& chart = *tabs.history();
  for (int i = 1; i <= 60; ++i) chart.appendBatchLoss(i * 8, batchLoss(i));
  waitUntilDrawn(chart, 60);
  showLaidOut(tabs, chart);
  auto* smoothed = chart.series("batch_loss");
  const int i = 40;
  moveMouseTo(chart, onScreen(chart, smoothed, smoothed->at(i)));
  const QString text = hoverOf(chart)->text();
  EXPECT_TRUE(text.startsWith(QString("batch_loss  batch %1: ").arg(smoothed->at(i).x())))
      << text.toStdString();
  EXPECT_TRUE(text.contains(QString::number(smoothed->at(i).y(), 'f', 4) + " smoothed"))
      << text.toStdString();
  EXPECT_TRUE(text.contains(QString::number(batchLoss(i + 1), 'f', 4) + " raw"))
      << text.toStdString();
}

TEST(TrainingChart, TheRocAndARunsDetailsHistoryShowValuesOnHoverToo) {
  RocChart roc;
  roc.addCurve("logreg", {{0, 0, 1}, {0.1, 0.6, 0.7}, {0.3, 0.85, 0.4}, {1, 1, 0}}, 0.86);
  showLaidOut(roc, roc);
  QXYSeries* curve = nullptr;
  for (auto* s : roc.chart()->series())
    if (s->name().startsWith("logreg")) curve = qobject_cast<QXYSeries*>(s);
  ASSERT_NE(curve, nullptr);
  moveMouseTo(roc, onScreen(roc, curve, {0.3, 0.85}));
  EXPECT_EQ(hoverOf(roc)->text(),
            "logreg (AUC 0.860)  false positive rate 0.300: true positive rate 0.8500");

  tracking::ComparedRun run;
  run.record.runName = "bilstm-7";
  for (int epoch = 1; epoch <= 3; ++epoch)
    run.record.history.push_back({"val_loss", 0.5 - 0.1 * epoch, epoch, 0});
  RunDetailsDialog details(run, {}, {});
  auto* history = details.findChild<QChartView*>("detailHistory");
  details.findChild<QTabWidget*>()->setCurrentWidget(history);
  showLaidOut(details, *history);
  auto* valLoss = qobject_cast<QXYSeries*>(history->chart()->series().front());
  moveMouseTo(*history, onScreen(*history, valLoss, valLoss->at(1)));
  EXPECT_EQ(hoverOf(*history)->text(),
            QString("bilstm-7 · val_loss  epoch 2: %1").arg(0.3, 0, 'f', 4));
}

TEST(TrainingChart, ADraggedRectangleZoomsAndNewEpochsKeepTheZoomUntilARightClick) {
  LiveHistoryChart chart;
  appendEpochs(chart, 1, 30);
  showLaidOut(chart, chart);
  auto* epochs = axisNamed(chart.chart(), "epoch");
  ASSERT_EQ(epochs->min(), 1);
  ASSERT_EQ(epochs->max(), 30);
  ASSERT_EQ(epochs->tickInterval(), 3);  // 1, 4, 7, ... 28
  // The user drags across the middle half of the plot.
  const QRectF plot = chart.chart()->plotArea();
  const QPoint from(qRound(plot.left() + plot.width() * 0.3), qRound(plot.top() + 20));
  const QPoint to(qRound(plot.left() + plot.width() * 0.7), qRound(plot.bottom() - 20));
  mouse(chart, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
  mouse(chart, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
  mouse(chart, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
  ASSERT_TRUE(chart.zoom()->isZoomed());
  const double zoomedMin = epochs->min(), zoomedMax = epochs->max();
  EXPECT_GT(zoomedMin, 8);  // about 9.7 .. 21.3
  EXPECT_LT(zoomedMax, 23);
  // Ticks stay on whole epochs, about ten across whatever is shown: every 2nd epoch now.
  EXPECT_EQ(epochs->labelFormat(), "%d");
  EXPECT_EQ(epochs->tickAnchor(), 1);
  EXPECT_EQ(epochs->tickInterval(), std::ceil((zoomedMax - zoomedMin) / 10));
  EXPECT_LT(epochs->tickInterval(), 3);

  // Training goes on: the data grows, the user's view stays.
  appendEpochs(chart, 31, 32);
  chart.appendBatchLoss(800, 0.3);
  waitUntilDrawn(chart, 1);
  EXPECT_EQ(chart.epochCount(), 32);
  EXPECT_EQ(epochs->min(), zoomedMin);
  EXPECT_EQ(epochs->max(), zoomedMax);

  // A right-click shows all the data, the epochs that came while zoomed included.
  const QPoint middle = plot.center().toPoint();
  mouse(chart, QEvent::MouseButtonPress, middle, Qt::RightButton, Qt::RightButton);
  mouse(chart, QEvent::MouseButtonRelease, middle, Qt::RightButton, Qt::NoButton);
  EXPECT_FALSE(chart.zoom()->isZoomed());
  EXPECT_EQ(epochs->min(), 1);
  EXPECT_EQ(epochs->max(), 32);
  EXPECT_EQ(axisNamed(chart.chart(), "batch")->max(), 800);
  // ... and follows the data again.
  appendEpochs(chart, 33, 33);
  EXPECT_EQ(epochs->max(), 33);
}

TEST(TrainingChart, TheLossAxisEndsAndTicksOnRoundNumbers) {
  LiveHistoryChart chart;
  train::HistoryRow row;
  row.epoch = 1;
  row.loss = 1.05;  // the axis gives it 10 % room: 1.155 would tick 0.231, 0.462 ...
  chart.appendEpoch(row);
  chart.appendBatchLoss(8, 1.31);
  waitUntilDrawn(chart, 1);
  auto* loss = axisNamed(chart.chart(), "loss");
  EXPECT_EQ(loss->min(), 0);
  EXPECT_GE(loss->max(), 1.31);
  const double step = loss->max() / (loss->tickCount() - 1);
  EXPECT_NEAR(loss->max() * 10, std::round(loss->max() * 10), 1e-9) << loss->max();
  EXPECT_NEAR(step * 10, std::round(step * 10), 1e-9) << step;
}

TEST(TrainingChart, ADoubleClickOrTheResetButtonEndsTheZoom) {
  RunResultTabs tabs;
  auto& chart = *tabs.history();
  appendEpochs(chart, 1, 6);
  showLaidOut(tabs, chart);
  auto* epochs = axisNamed(chart.chart(), "epoch");
  const QRectF plot = chart.chart()->plotArea();
  const QRectF middle(plot.left() + plot.width() / 3, plot.top(), plot.width() / 3, plot.height());
  chart.chart()->zoomIn(middle);  // what the view does on releasing a dragged rectangle
  ASSERT_LT(epochs->max() - epochs->min(), 3);
  appendEpochs(chart, 7, 7);
  tabs.findChild<QPushButton*>("resetHistoryZoom")->click();
  EXPECT_EQ(epochs->min(), 1);
  EXPECT_EQ(epochs->max(), 7);

  chart.chart()->zoomIn(middle);
  ASSERT_LT(epochs->max() - epochs->min(), 3);
  mouse(chart, QEvent::MouseButtonDblClick, plot.center().toPoint(), Qt::LeftButton,
        Qt::LeftButton);
  EXPECT_EQ(epochs->min(), 1);
  EXPECT_EQ(epochs->max(), 7);
}

TEST(TrainingChart, TheSmoothedBatchLossIsTheSmoothingOfTheRawPointsAtTheWeightSet) {
  RunResultTabs tabs;
  auto& chart = *tabs.history();
  auto* slider = tabs.findChild<QSlider*>("lossSmoothingSlider");
  slider->setValue(50);
  for (int i = 1; i <= 80; ++i) chart.appendBatchLoss(i * 8, batchLoss(i));
  waitUntilDrawn(chart, 80);
  const auto raw = ys(chart.series("batch_loss_raw"));
  ASSERT_EQ(raw.size(), 80U);
  EXPECT_DOUBLE_EQ(raw[9], batchLoss(10));  // the raw losses are kept as they came
  expectCurve(ys(chart.series("batch_loss")), weightedMeansSoFar(raw, 0.5));

  // Heavier: recomputed at once from the same raw points, and the curve moves.
  const auto before = ys(chart.series("batch_loss"));
  slider->setValue(95);
  EXPECT_DOUBLE_EQ(chart.smoothing(), 0.95);
  expectCurve(ys(chart.series("batch_loss")), weightedMeansSoFar(raw, 0.95));
  EXPECT_GT(std::abs(ys(chart.series("batch_loss"))[40] - before[40]), 1e-3);
  // Batches arriving later are smoothed at the new weight.
  for (int i = 81; i <= 90; ++i) chart.appendBatchLoss(i * 8, batchLoss(i));
  waitUntilDrawn(chart, 90);
  expectCurve(ys(chart.series("batch_loss")),
              weightedMeansSoFar(ys(chart.series("batch_loss_raw")), 0.95));

  slider->setValue(0);  // 0 = the raw curve
  EXPECT_EQ(ys(chart.series("batch_loss")), ys(chart.series("batch_loss_raw")));
}

// A visible curve redraws all its points on every change: batches arriving together are drawn in
// one change, not one each (which slowed the GUI thread more and more as a long run went on).
TEST(TrainingChart, BatchLossesArrivingTogetherAreDrawnInOneUpdate) {
  LiveHistoryChart chart;
  auto* raw = chart.series("batch_loss_raw");
  int added = 0, replaced = 0;
  QObject::connect(raw, &QXYSeries::pointAdded, [&] { ++added; });
  QObject::connect(raw, &QXYSeries::pointsReplaced, [&] { ++replaced; });
  for (int i = 1; i <= 50; ++i) chart.appendBatchLoss(i * 8, batchLoss(i));
  waitUntilDrawn(chart, 50);
  EXPECT_EQ(added, 0);
  EXPECT_EQ(replaced, 1);
  // The epoch's end draws what waits, so epochs and batches are always shown together.
  for (int i = 51; i <= 60; ++i) chart.appendBatchLoss(i * 8, batchLoss(i));
  appendEpochs(chart, 1, 1);
  EXPECT_EQ(raw->count(), 60);
}

TEST(TrainingChart, TheSmoothingWeightIsRemembered) {
  {
    RunResultTabs tabs;
    tabs.findChild<SmoothingControl*>()->setWeight(0.3);
  }
  RunResultTabs next;  // as on the next start
  EXPECT_EQ(next.findChild<QSlider*>("lossSmoothingSlider")->value(), 30);
  auto& chart = *next.history();
  EXPECT_DOUBLE_EQ(chart.smoothing(), 0.3);
  for (int i = 1; i <= 20; ++i) chart.appendBatchLoss(i * 8, batchLoss(i));
  waitUntilDrawn(chart, 20);
  expectCurve(ys(chart.series("batch_loss")),
              weightedMeansSoFar(ys(chart.series("batch_loss_raw")), 0.3));
  next.findChild<SmoothingControl*>()->setWeight(0.9);  // the default, for the other tests
}

}  // namespace
}  // namespace tweetlab::ui
