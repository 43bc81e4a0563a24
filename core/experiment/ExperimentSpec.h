#pragma once
// Experiments are data: the GUI edits an ExperimentSpec, the CLI reads it from JSON or flags, the
// run record stores it, and the same spec re-run gives the same numbers (everything is seeded).
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/data/DatasetLoader.h"
#include "core/data/Splitting.h"
#include "core/sources/SourceSpec.h"
#include "core/text/Preprocessor.h"

namespace tweetlab::experiment {

struct DataSpec {
  std::filesystem::path path;
  data::ReadOptions read;      // format, columns, encoding (progress is not serialised)
  std::size_t sample = 16000;  // balanced sample size; 0 = all rows
  data::SplitRatios split;     // 0.7 / 0.15 / 0.15
  std::uint64_t seed = 42;
  // Extra labelled sources (files, feedback logs) joined to the training part only, weighted.
  std::vector<sources::SourceSpec> add;
  // Named evaluation sets scored after training ("target" -> target_accuracy, ...).
  std::vector<sources::EvalSetSpec> eval;
};

struct ModelSpec {
  std::string family = "logreg";
  nlohmann::json params = nlohmann::json::object();
  // A bundle to continue from instead of starting afresh (core/experiment/InitModel.h); empty:
  // from scratch. `params` then hold only what changes (epochs, rate, ...).
  std::filesystem::path init;
};

struct ExperimentSpec {
  std::string name;  // run name; empty -> derived from model and preprocessing
  DataSpec data;
  text::PreprocessConfig preprocessing;
  ModelSpec model;
  unsigned threads = 0;  // worker threads for preprocessing and models; 0 = all cores

  std::string displayName() const;  // name, or e.g. "logreg · stem"
};

nlohmann::json toJson(const DataSpec& d);
nlohmann::json toJson(const ExperimentSpec& s);
// Missing keys keep defaults; wrong types or values are InputError naming the key.
ExperimentSpec experimentSpecFromJson(const nlohmann::json& j);
ExperimentSpec readExperimentSpec(const std::filesystem::path& file);

// JSON of the read options shared by the dataset, added sources and evaluation sets:
// {"format", "text_column", "label_column", "encoding"}.
nlohmann::json toJson(const data::ReadOptions& read);
data::ReadOptions readOptionsFromJson(const nlohmann::json& j, data::ReadOptions base = {});

// "auto|sentiment140|csv|tsv|jsonl" and "auto|utf-8|latin-1"; InputError otherwise.
data::Format parseFormat(const std::string& s);
data::Encoding parseEncoding(const std::string& s);

}  // namespace tweetlab::experiment
