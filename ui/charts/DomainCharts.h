#pragma once
// The charts of the target-domain work, shared by the workbench and the PNG plots: the
// reliability diagram (does P(positive) mean what it says? the diagonal is perfect calibration)
// and the learning curve (target score against the number of target labels, one line per
// strategy, with the spread over repeats as a band).
#include <QChart>
#include <QString>
#include <vector>

#include "core/eval/Reliability.h"
#include "core/tracking/PlotRenderer.h"

namespace tweetlab::charts {

QChart* createReliabilityChart(const QString& title);
// One line through the non-empty bins, named "<name> (ECE 0.081)".
void addReliabilityCurve(QChart* chart, const QString& name, const eval::Reliability& reliability);
int reliabilityCurveCount(const QChart* chart);  // without the diagonal

QChart* buildCurveChart(const std::vector<tracking::CurveSeries>& series, const QString& title,
                        const QString& xLabel, const QString& yLabel);

}  // namespace tweetlab::charts
