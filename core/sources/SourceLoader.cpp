#include "core/sources/SourceLoader.h"

#include "core/common/Errors.h"
#include "core/data/DatasetLoader.h"
#include "core/data/Digest.h"

namespace tweetlab::sources {

LoadedSource loadSource(const SourceSpec& spec) {
  LoadedSource out;
  out.spec = spec;
  if (looksLikeFeedbackLog(spec.path)) {
    auto feedback = loadFeedbackLog(spec.path);
    out.kind = "feedback";
    out.dataset = std::move(feedback.dataset);
    out.duplicates = feedback.report.duplicates;
    out.conflicts = feedback.report.conflicts;
    out.problems = feedback.report.malformed;
    out.problemCount = out.problems.size();
    out.summary = feedback.report.summary();
  } else {
    auto loaded = data::loadDataset(spec.path, spec.read);
    std::vector<LabelledRow> rows;
    rows.reserve(loaded.dataset.size());
    // The loader does not keep line numbers per row; conflicts are reported by row number.
    std::size_t index = 0;
    for (auto& row : loaded.dataset.rows) rows.push_back({std::move(row.text), row.label, ++index});
    auto deduplicated = deduplicate(rows);
    out.kind = "dataset";
    out.dataset = std::move(deduplicated.dataset);
    out.duplicates = deduplicated.duplicates;
    out.conflicts = std::move(deduplicated.conflicts);
    for (const auto& skipped : loaded.report.skipped)
      out.problems.push_back({skipped.line, skipped.reason});
    out.problemCount = loaded.report.skippedCount;
    out.summary = loaded.report.summary() + ", " + std::to_string(out.duplicates) + " repeated, " +
                  std::to_string(out.conflicts.size()) + " conflicting texts left out";
  }
  if (out.dataset.empty())
    throw InputError(spec.path.string() + " gives no usable labelled rows (" + out.summary + ")");
  out.digest = data::datasetDigest(out.dataset);
  return out;
}

EvaluationSet loadEvaluationSet(const EvalSetSpec& spec) {
  auto loaded = data::loadDataset(spec.path, spec.read);
  if (loaded.dataset.empty()) {
    throw InputError("evaluation set '" + spec.name + "' (" + spec.path.string() +
                     ") has no usable rows: " + loaded.report.summary());
  }
  EvaluationSet set;
  set.name = spec.name;
  set.path = spec.path;
  set.digest = data::datasetDigest(loaded.dataset);
  set.summary = loaded.report.summary();
  set.dataset = std::move(loaded.dataset);
  return set;
}

}  // namespace tweetlab::sources
