#pragma once
// Where extra data comes from, as the user names it: training sources added to the training part
// only ("--add FILE[:WEIGHT]") and named evaluation sets ("--eval NAME=FILE"). Plain data; the
// experiment spec serialises them and core/sources/SourceLoader reads them.
#include <filesystem>
#include <string>

#include "core/data/DatasetLoader.h"

namespace tweetlab::sources {

struct SourceSpec {
  std::filesystem::path path;  // a labelled dataset or a feedback log
  double weight = 1.0;         // each of its rows counts this much in training (> 0)
  data::ReadOptions read;      // for labelled datasets (a feedback log has its own format)
};

struct EvalSetSpec {
  std::string name;  // metric prefix: "target" -> target_accuracy, target_roc_auc, ...
  std::filesystem::path path;
  data::ReadOptions read;
};

// "FILE" or "FILE:WEIGHT". The weight is taken only when the text after the last ':' is a number,
// so a path with a colon in it (C:\data\x.csv) still works. InputError for a weight <= 0 or > 1000.
SourceSpec parseSourceArgument(const std::string& argument);
void validateWeight(double weight, const std::string& what);

// "NAME=FILE"; the name is checked as a metric prefix (eval::validateSetName). InputError.
EvalSetSpec parseEvalArgument(const std::string& argument);

}  // namespace tweetlab::sources
