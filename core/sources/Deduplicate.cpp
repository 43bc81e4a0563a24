#include "core/sources/Deduplicate.h"

#include <unordered_map>

namespace tweetlab::sources {
namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

Deduplicated deduplicate(const std::vector<LabelledRow>& rows) {
  struct Seen {
    std::size_t order;  // index of first occurrence among distinct texts
    Conflict lines;
  };
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::pair<std::string, Seen>> distinct;
  Deduplicated out;
  for (const auto& row : rows) {
    auto key = trimmed(row.text);
    auto [it, inserted] = index.try_emplace(key, distinct.size());
    if (inserted) distinct.push_back({key, Seen{distinct.size(), Conflict{row.text, {}, {}}}});
    auto& seen = distinct[it->second].second.lines;
    auto& lines = row.label == data::kPositive ? seen.positiveLines : seen.negativeLines;
    if (!inserted) ++out.duplicates;
    lines.push_back(row.line);
  }
  for (auto& [key, seen] : distinct) {
    auto& c = seen.lines;
    if (!c.positiveLines.empty() && !c.negativeLines.empty()) {
      // Every row of a conflicting text is left out; the first one was not a duplicate.
      out.duplicates -= c.positiveLines.size() + c.negativeLines.size() - 1;
      out.conflicts.push_back(std::move(c));
      continue;
    }
    out.dataset.rows.push_back(
        {c.text, c.positiveLines.empty() ? data::kNegative : data::kPositive});
  }
  return out;
}

}  // namespace tweetlab::sources
