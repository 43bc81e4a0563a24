#pragma once
// Tester feedback as a labelled dataset. Reads tweetlab-serve's feedback.jsonl and the workbench
// Try page's log (the same JSON Lines records, core/telemetry/FeedbackRecord): an accepted
// prediction keeps its label, a rejected one gets the other label. The same text judged twice
// counts once; a text judged both ways is reported and left out; a line that is not a feedback
// record is reported with its line number and skipped (a torn last line after a crash too).
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/sources/Deduplicate.h"

namespace tweetlab::sources {

struct MalformedLine {
  std::size_t line = 0;
  std::string reason;
};

struct FeedbackReport {
  std::filesystem::path file;
  std::size_t lines = 0;  // non-empty lines
  std::size_t records = 0;
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::size_t duplicates = 0;
  std::vector<Conflict> conflicts;
  std::vector<MalformedLine> malformed;

  std::string summary() const;  // one line
};

struct FeedbackDataset {
  data::Dataset dataset;
  FeedbackReport report;
};

// True when the file's first non-empty line is a JSON object with "accepted" and "predicted".
bool looksLikeFeedbackLog(const std::filesystem::path& file);

// IoError when the file cannot be read; InputError when no line at all is a feedback record.
FeedbackDataset loadFeedbackLog(const std::filesystem::path& file);

// The verdict as a label: "positive"/"negative" (any case, or what data::parseLabel accepts)
// kept when accepted, flipped when rejected. InputError for a prediction that is neither.
int labelFromVerdict(const std::string& predicted, bool accepted);

}  // namespace tweetlab::sources
