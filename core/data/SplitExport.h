#pragma once
// Writes a split as train.csv / val.csv / test.csv (header "text,label", labels 0/1) plus
// split.json, so any outside tool (scikit-learn, fastText, PyTorch) can be measured on exactly
// the same rows.
#include <filesystem>

#include "core/data/Dataset.h"
#include "core/data/Splitting.h"

namespace tweetlab::data {

// RFC 4180 CSV with header text,label; written atomically.
void writeCsv(const std::filesystem::path& file, const Dataset& dataset);

void exportSplit(const DatasetSplit& split, const std::filesystem::path& directory);

}  // namespace tweetlab::data
