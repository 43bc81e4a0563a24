#pragma once
// How results look on the terminal; one place so train, compare and evaluate agree.
#include <iosfwd>
#include <vector>

#include "core/data/DatasetLoader.h"
#include "core/eval/Metrics.h"
#include "core/eval/SetEvaluation.h"
#include "core/experiment/Experiment.h"
#include "core/sources/Composition.h"

namespace tweetlab::cli {

void printLoadReport(std::ostream& out, const data::LoadReport& report);
void printMetrics(std::ostream& out, const char* title, const eval::BinaryMetrics& m);
// One named set: accuracy, balanced accuracy, AUC, macro-F1, ECE, Brier, the predicted-positive
// rate next to the true one, and every warning (one class, few rows, overlap with training).
void printSetEvaluation(std::ostream& out, const eval::SetEvaluation& e);
// The training part's sources: rows, weights, digests, what was left out and why.
void printComposition(std::ostream& out, const sources::TrainingComposition& c);
void printResult(std::ostream& out, const experiment::ExperimentResult& r);
// Rows sorted by validation accuracy, best first.
void printComparison(std::ostream& out, std::vector<const experiment::ExperimentResult*> results);

}  // namespace tweetlab::cli
