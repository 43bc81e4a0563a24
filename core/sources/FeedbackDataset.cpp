#include "core/sources/FeedbackDataset.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/data/DatasetLoader.h"
#include "core/data/MappedFile.h"
#include "core/telemetry/FeedbackRecord.h"
#include "core/text/Utf8.h"

namespace tweetlab::sources {
namespace {

// Calls f(lineNumber, line) for every line of `bytes` (without its '\n' or '\r\n').
template <typename F>
void forEachLine(std::string_view bytes, F&& f) {
  std::size_t number = 0, start = 0;
  while (start < bytes.size()) {
    auto end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    auto line = bytes.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!f(++number, line)) return;
    start = end + 1;
  }
}

}  // namespace

int labelFromVerdict(const std::string& predicted, bool accepted) {
  const int label = data::parseLabel(predicted);
  if (label != data::kPositive && label != data::kNegative)
    throw InputError("\"predicted\" is '" + predicted + "', not positive or negative");
  return accepted ? label : 1 - label;
}

bool looksLikeFeedbackLog(const std::filesystem::path& file) {
  // Through MappedFile (RegularFile): a FIFO or a device is refused by the loader that follows,
  // never opened and waited on here.
  std::optional<data::MappedFile> mapped;
  try {
    mapped.emplace(file);
  } catch (const Error&) {
    return false;
  }
  bool feedback = false;
  forEachLine(mapped->bytes(), [&](std::size_t, std::string_view line) {
    if (text::utf8::isBlank(line)) return true;
    const auto j = tryParseJson(line);
    feedback = j && j->is_object() && j->contains("accepted") && j->contains("predicted");
    return false;
  });
  return feedback;
}

std::string FeedbackReport::summary() const {
  std::ostringstream out;
  out << file.filename().string() << ": " << records << " verdicts (" << accepted << " accepted, "
      << rejected << " rejected), " << duplicates << " repeated, " << conflicts.size()
      << " conflicting texts left out, " << malformed.size() << " malformed lines";
  return out.str();
}

FeedbackDataset loadFeedbackLog(const std::filesystem::path& file) {
  const data::MappedFile mapped(file);  // IoError naming the file; no FIFO, device or directory
  FeedbackDataset out;
  auto& report = out.report;
  report.file = file;
  std::vector<LabelledRow> rows;
  forEachLine(mapped.bytes(), [&](std::size_t number, std::string_view line) {
    if (text::utf8::isBlank(line)) return true;
    ++report.lines;
    try {
      // Depth-bounded: a hostile line cannot overflow the stack.
      const auto j = parseJson(line, "line " + std::to_string(number));
      const auto record = telemetry::FeedbackRecord::fromJson(j);
      if (record.text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw InputError("empty text");
      rows.push_back({record.text, labelFromVerdict(record.predicted, record.accepted), number});
      ++(record.accepted ? report.accepted : report.rejected);
      ++report.records;
    } catch (const nlohmann::json::exception& e) {
      report.malformed.push_back({number, std::string("not JSON: ") + e.what()});
    } catch (const Error& e) {
      report.malformed.push_back({number, e.what()});
    }
    return true;
  });
  if (report.records == 0) {
    std::string why = report.lines == 0 ? "it is empty" : "no line is a feedback record";
    if (!report.malformed.empty())
      why += " (line " + std::to_string(report.malformed[0].line) + ": " +
             report.malformed[0].reason + ")";
    throw InputError(file.string() + " is not a usable feedback log: " + why);
  }
  auto deduplicated = deduplicate(rows);
  out.dataset = std::move(deduplicated.dataset);
  report.duplicates = deduplicated.duplicates;
  report.conflicts = std::move(deduplicated.conflicts);
  return out;
}

}  // namespace tweetlab::sources
