#pragma once
// The charts of TweetLab, built in one place so that the workbench's views and the PNG plots of
// tracked runs (OffscreenPlotRenderer) look the same: ROC curves over the chance diagonal, the
// training history (loss left axis, accuracy right axis, validation dashed), and the confusion
// matrix. Builders return a QChart the caller owns (or hands to a QChartView).
#include <QChart>
#include <QColor>
#include <QLineSeries>
#include <QPainter>
#include <QString>
#include <QValueAxis>
#include <vector>

#include "core/eval/Metrics.h"
#include "core/train/History.h"

namespace tweetlab::charts {

// The n-th colour of the series palette (matplotlib's first six, cycling).
QColor seriesColor(int n);
// An epoch axis from 1 to lastEpoch (at least 2) with ticks on whole epochs only, never "1 1 2".
void setEpochAxis(QValueAxis* axis, int lastEpoch);

// --- ROC ---
QChart* createRocChart(const QString& title = QStringLiteral("ROC curve (validation)"));
// Adds one curve named "<name> (AUC 0.832)" (just the name when the AUC is NaN).
void addRocCurve(QChart* chart, const QString& name, const std::vector<eval::RocPoint>& points,
                 double auc);
int rocCurveCount(const QChart* chart);  // without the diagonal
void clearRocCurves(QChart* chart);      // keeps the diagonal

// --- training history ---
// Empty chart with the axes and the series loss, val_loss, accuracy, val_accuracy, batch_loss
// (smoothed) and batch_loss_raw (faded behind it, not in the legend).
QChart* createHistoryChart(const QString& title = QStringLiteral("Training history"));
// Back to the empty state of createHistoryChart, in place (a live view keeps its chart).
void resetHistoryChart(QChart* chart, const QString& title);
// The appends widen the axes to the new points unless the user zoomed (QChart::isZoomed): a
// live chart must not undo a zoom with every epoch. fitHistoryAxes sets them to all the data
// (after the user resets the zoom).
void appendHistoryEpoch(QChart* chart, const train::HistoryRow& row);
// Per-batch losses (x = batch), raw and smoothed (train::LossSmoother) point for point, on the
// hidden top batch axis. Raw values must be finite.
void appendBatchLosses(QChart* chart, const QList<QPointF>& raw, const QList<QPointF>& smoothed);
void fitHistoryAxes(QChart* chart);
QChart* buildHistoryChart(const train::History& history, const QString& title);
QLineSeries* historySeries(const QChart* chart, const QString& name);

// --- confusion matrix ---
// Correct cells blue, errors red; the deeper the shade, the larger the cell's share of its row.
QColor confusionCellColor(bool correct, double shareOfRow);
// Draws the 2x2 matrix with counts, row shares and axis labels into `area`.
void paintConfusionMatrix(QPainter& painter, const QRectF& area,
                          const eval::ConfusionMatrix& matrix, const QString& title);

}  // namespace tweetlab::charts
