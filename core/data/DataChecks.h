#pragma once
// Data that cannot give a meaningful result is refused before anyone trains on it, with the
// reason and what to do, the same for the CLI, the workbench and the grid runner: a load that
// left no usable row (e.g. every label unknown), and a split whose training part lacks a class or
// whose validation or test part (when its share is not 0) is empty or lacks a class, where
// accuracy would read 1.0 or 0.0 and AUC would be undefined.
#include <cstddef>

#include "core/common/Errors.h"
#include "core/data/DatasetLoader.h"
#include "core/data/Splitting.h"

namespace tweetlab::data {

// An InputError that keeps what the load found (label values with their counts, skipped rows),
// so that the workbench can show the label mapping that would fix it.
class UnusableDataError : public InputError {
 public:
  UnusableDataError(const std::string& message, LoadReport report)
      : InputError(message), report_(std::move(report)) {}
  const LoadReport& report() const { return report_; }

 private:
  LoadReport report_;
};

// Throws UnusableDataError when the load kept no row.
void requireUsableRows(const LoadResult& loaded);
// Throws InputError naming the part, its counts and what to do.
void requireUsableSplit(const DatasetSplit& split);

}  // namespace tweetlab::data
