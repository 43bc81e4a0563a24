#pragma once
// How results look on the terminal; one place so train, compare and evaluate agree.
#include <iosfwd>
#include <vector>

#include "core/data/DatasetLoader.h"
#include "core/eval/Metrics.h"
#include "core/experiment/Experiment.h"

namespace tweetlab::cli {

void printLoadReport(std::ostream& out, const data::LoadReport& report);
void printMetrics(std::ostream& out, const char* title, const eval::BinaryMetrics& m);
void printResult(std::ostream& out, const experiment::ExperimentResult& r);
// Rows sorted by validation accuracy, best first.
void printComparison(std::ostream& out, std::vector<const experiment::ExperimentResult*> results);

}  // namespace tweetlab::cli
