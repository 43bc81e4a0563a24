#include "app/cli/ResultPrinter.h"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>

#include "app/cli/CommonOptions.h"
#include "core/eval/SetEvaluation.h"

namespace tweetlab::cli {

void printLoadReport(std::ostream& out, const data::LoadReport& report) {
  out << report.summary() << "\n";
  const std::size_t shown = std::min<std::size_t>(report.skipped.size(), 5);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& s = report.skipped[i];
    out << "  skipped " << s.file.filename().string() << ":" << s.line << ": " << s.reason << "\n";
  }
  if (report.skippedCount > shown)
    out << "  ... and " << report.skippedCount - shown << " more skipped rows\n";
  const std::size_t warned = std::min<std::size_t>(report.warnings.size(), 5);
  for (std::size_t i = 0; i < warned; ++i) {
    const auto& w = report.warnings[i];
    out << "  warning " << w.file.filename().string() << ":" << w.line << ": " << w.reason << "\n";
  }
  if (report.warningCount > warned)
    out << "  ... and " << report.warningCount - warned << " more warnings\n";
}

void printMetrics(std::ostream& out, const char* title, const eval::BinaryMetrics& m) {
  if (m.count == 0) {  // a part the split left empty (share 0): no score, not 0.0000
    out << "  " << title << " no rows\n";
    return;
  }
  out << "  " << title << " accuracy " << fixed(m.accuracy) << "  AUC " << fixed(m.rocAuc)
      << "  F1 " << fixed(m.f1) << "  precision " << fixed(m.precision) << "  recall "
      << fixed(m.recall) << "  log-loss " << fixed(m.logLoss) << "  (n=" << m.count << ")\n";
  if (const auto warning = eval::fewRowsWarning(m); !warning.empty())
    out << "  " << std::string(std::string_view(title).size(), ' ')
        << " too few rows to trust: " << warning << "\n";
}

void printSetEvaluation(std::ostream& out, const eval::SetEvaluation& e) {
  const auto& m = e.metrics;
  out << "  " << e.name << ": accuracy " << fixed(m.accuracy);
  if (!e.oneClass()) {
    out << "  balanced " << fixed(m.balancedAccuracy) << "  AUC " << fixed(m.rocAuc)
        << "  macro-F1 " << fixed(m.macroF1);
  }
  out << "  ECE " << fixed(e.reliability.expectedCalibrationError) << "  Brier "
      << fixed(e.reliability.brier) << "\n    predicted positive "
      << fixed(m.predictedPositiveRate, 3) << " (true " << fixed(m.positiveRate, 3)
      << ") at threshold " << fixed(m.threshold, 3) << "  (n=" << m.count << ")\n";
  for (const auto& warning : e.warnings) out << "    warning: " << warning << "\n";
}

void printComposition(std::ostream& out, const sources::TrainingComposition& c) {
  out << "  training part: " << c.describe() << " (effective " << fixed(c.effectiveRows(), 0)
      << " rows, " << fixed(100.0 * c.positiveShare(), 1) << "% positive)\n";
  for (std::size_t i = 1; i < c.parts.size(); ++i) {
    const auto& p = c.parts[i];
    out << "    " << p.name << " (" << p.kind << "): " << p.rows << " rows, weight " << p.weight
        << ", digest " << p.digest.substr(0, 12);
    if (p.duplicates) out << ", " << p.duplicates << " repeated";
    if (p.conflicts) out << ", " << p.conflicts << " conflicting texts left out";
    if (p.leftOutOverlap)
      out << ", " << p.leftOutOverlap << " left out (already in validation/test)";
    out << "\n";
  }
}

void printResult(std::ostream& out, const experiment::ExperimentResult& r) {
  out << r.spec.displayName() << ": " << r.trainRows << " train / " << r.validationRows << " val / "
      << r.testRows << " test rows, dataset digest " << r.datasetDigest.substr(0, 12) << "\n";
  if (r.composition.hasAddedSources()) printComposition(out, r.composition);
  if (!r.init.empty()) {
    out << "  continued from " << r.init.value("path", "") << " (" << r.init.value("family", "")
        << " version " << r.init.value("version", "") << ", digest "
        << r.init.value("digest", "").substr(0, 12) << ")";
    if (r.initValidation.count > 0) {
      out << ", starting at validation accuracy " << fixed(r.initValidation.accuracy)
          << ", log loss " << fixed(r.initValidation.logLoss);
    }
    out << "\n";
    if (r.init.contains("warning")) out << "    warning: " << r.init.value("warning", "") << "\n";
  }
  if (auto cv = r.fitReport.find("cv"); cv != r.fitReport.end()) {
    out << "  cross-validation (" << cv->at("folds").get<int>() << " folds, "
        << cv->at("scoring").get<std::string>() << "):";
    for (const auto& row : cv->at("grid")) {
      out << "  C=" << row.at("C").get<double>() << " " << fixed(row.at("mean").get<double>());
    }
    out << "  -> best C=" << cv->at("best_C").get<double>() << "\n";
  }
  // Deep models: the embedding's vocabulary coverage (how many words got a trained or GloVe
  // vector rather than a random one) and the share of tokens the vocabulary knew.
  if (auto e = r.fitReport.find("embedding"); e != r.fitReport.end() && e->is_object()) {
    out << "  embedding " << e->value("source", std::string("?")) << " (dim " << e->value("dim", 0)
        << "): " << e->value("covered_words", 0) << " of " << e->value("vocabulary_words", 0)
        << " vocabulary words covered (" << fixed(100.0 * e->value("coverage", 0.0), 1) << "%)";
    if (r.fitReport.contains("train_token_coverage")) {
      out << "; tokens known: train "
          << fixed(100.0 * r.fitReport.value("train_token_coverage", 0.0), 1) << "%";
      if (r.fitReport.contains("val_token_coverage"))
        out << ", val " << fixed(100.0 * r.fitReport.value("val_token_coverage", 0.0), 1) << "%";
    }
    out << "\n";
    if (r.fitReport.contains("epochs_run")) {
      out << "  epochs " << r.fitReport.value("epochs_run", 0) << " (best "
          << r.fitReport.value("best_epoch", 0) << "), "
          << fixed(r.fitReport.value("seconds_per_epoch", 0.0), 2) << " s/epoch on "
          << r.fitReport.value("threads", 0) << " threads\n";
    }
  }
  printMetrics(out, "validation:", r.validation);
  printMetrics(out, "test:      ", r.test);
  for (const auto& e : r.evaluations) printSetEvaluation(out, e);
  out << "  fit " << fixed(r.fitSeconds, 2) << " s, preprocess " << fixed(r.preprocessSeconds, 2)
      << " s, predict " << fixed(r.predictSeconds, 3) << " s (" << fixed(r.predictMsPerTweet, 4)
      << " ms/tweet)\n";
}

void printComparison(std::ostream& out, std::vector<const experiment::ExperimentResult*> results) {
  std::stable_sort(results.begin(), results.end(), [](const auto* a, const auto* b) {
    return a->validation.accuracy > b->validation.accuracy;
  });
  char line[200];
  std::snprintf(line, sizeof line, "%-28s %8s %8s %8s %8s %9s %10s\n", "run", "val_acc", "val_auc",
                "val_f1", "test_acc", "fit_s", "ms/tweet");
  out << line;
  for (const auto* r : results) {
    std::snprintf(line, sizeof line, "%-28s %8s %8s %8s %8s %9s %10s\n",
                  r->spec.displayName().c_str(), fixed(r->validation.accuracy).c_str(),
                  fixed(r->validation.rocAuc).c_str(), fixed(r->validation.f1).c_str(),
                  fixed(r->test.accuracy).c_str(), fixed(r->fitSeconds, 2).c_str(),
                  fixed(r->predictMsPerTweet, 4).c_str());
    out << line;
  }
}

}  // namespace tweetlab::cli
