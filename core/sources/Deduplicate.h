#pragma once
// Labelled rows that may say the same thing twice (a tester judging the same tweet again, a
// target file with repeated tweets): the same text counts once, and a text given both labels is
// left out and reported, since nobody can say which verdict is right.
#include <cstddef>
#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace tweetlab::sources {

struct LabelledRow {
  std::string text;
  int label = data::kNegative;
  std::size_t line = 0;  // where it came from (1-based), for the report
};

struct Conflict {
  std::string text;
  std::vector<std::size_t> positiveLines;
  std::vector<std::size_t> negativeLines;
};

struct Deduplicated {
  data::Dataset dataset;            // first occurrence order
  std::size_t duplicates = 0;       // rows dropped because the same text came with the same label
  std::vector<Conflict> conflicts;  // texts left out, in first-occurrence order
};

// Texts are compared after trimming leading and trailing white space.
Deduplicated deduplicate(const std::vector<LabelledRow>& rows);

}  // namespace tweetlab::sources
