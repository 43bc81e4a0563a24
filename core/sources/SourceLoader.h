#pragma once
// Reads a training source or an evaluation set named by the user. A training source may be a
// feedback log (detected by its first line) or any labelled dataset the loader reads (the Try
// page's CSV export among them); either way repeated texts count once and texts labelled both
// ways are left out. Every source carries the digest of the rows it contributes.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/sources/FeedbackDataset.h"
#include "core/sources/SourceSpec.h"

namespace tweetlab::sources {

struct LoadedSource {
  SourceSpec spec;
  std::string kind;  // "feedback" | "dataset"
  data::Dataset dataset;
  std::string digest;  // data::datasetDigest of `dataset`
  std::size_t duplicates = 0;
  std::vector<Conflict> conflicts;
  std::vector<MalformedLine> problems;  // malformed lines / skipped rows, with line numbers
  std::size_t problemCount = 0;         // may exceed problems.size() (details are capped)
  std::string summary;                  // one line for the terminal and the GUI
};

// IoError/InputError as the loaders throw them, naming the file; InputError when nothing usable
// is left (no rows, or a single class is fine but zero rows is not).
LoadedSource loadSource(const SourceSpec& spec);

struct EvaluationSet {
  std::string name;
  std::filesystem::path path;
  data::Dataset dataset;
  std::string digest;
  std::string summary;
};

// Loads every row (neutral dropped, bad rows skipped as the loader reports). InputError when the
// file gives no rows.
EvaluationSet loadEvaluationSet(const EvalSetSpec& spec);

}  // namespace tweetlab::sources
