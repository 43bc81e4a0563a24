#pragma once
// What a training set is made of. The base dataset is split first; added sources then join the
// training part only, with their weights: validation and test stay the base's own rows, so the
// scores that compare models do not move because feedback was added. An added row whose text is
// already in the validation or test part is left out (it would leak the answer into training).
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data/Splitting.h"
#include "core/sources/SourceLoader.h"

namespace tweetlab::sources {

struct SourcePart {
  std::string name;  // "base" or the file name
  std::string path;
  std::string kind;  // "base" | "feedback" | "dataset"
  double weight = 1.0;
  std::string digest;  // of the rows this part contributes to training
  std::size_t rows = 0;
  std::size_t positives = 0;
  std::size_t leftOutOverlap = 0;  // rows dropped because their text is in validation/test
  std::size_t duplicates = 0;
  std::size_t conflicts = 0;
};

struct TrainingComposition {
  std::vector<SourcePart> parts;  // parts[0] is the base training split
  // One weight per training row, in order (base rows first); empty when every weight is 1.
  std::vector<double> weights;

  bool hasAddedSources() const { return parts.size() > 1; }
  // Sum of weights (what the model effectively sees) and the weighted share of positives.
  double effectiveRows() const;
  double positiveShare() const;
  nlohmann::json toJson() const;
  // Flat "sources.<i>.<field>" params for the run record (name, path, kind, weight, digest, rows).
  std::map<std::string, std::string> params() const;
  std::string describe() const;  // "base 11200 rows + feedback.jsonl 340 rows x3"
};

// The base training split as the first part (name "base", its digest, rows and positives).
SourcePart basePart(const data::Dataset& train);

// Appends every source's rows to split.train (never to val/test) and says who is who.
TrainingComposition composeTraining(data::DatasetSplit& split,
                                    const std::vector<LoadedSource>& sources);

}  // namespace tweetlab::sources
