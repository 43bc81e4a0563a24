#include "core/sources/FeedbackDataset.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/common/Errors.h"
#include "core/data/DatasetLoader.h"
#include "core/telemetry/FeedbackRecord.h"

namespace tweetlab::sources {
namespace {

std::ifstream open(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError("cannot read the feedback log " + file.string());
  return in;
}

bool blank(const std::string& line) {
  return line.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

int labelFromVerdict(const std::string& predicted, bool accepted) {
  const int label = data::parseLabel(predicted);
  if (label != data::kPositive && label != data::kNegative)
    throw InputError("\"predicted\" is '" + predicted + "', not positive or negative");
  return accepted ? label : 1 - label;
}

bool looksLikeFeedbackLog(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  for (std::string line; std::getline(in, line);) {
    if (blank(line)) continue;
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    return j.is_object() && j.contains("accepted") && j.contains("predicted");
  }
  return false;
}

std::string FeedbackReport::summary() const {
  std::ostringstream out;
  out << file.filename().string() << ": " << records << " verdicts (" << accepted << " accepted, "
      << rejected << " rejected), " << duplicates << " repeated, " << conflicts.size()
      << " conflicting texts left out, " << malformed.size() << " malformed lines";
  return out.str();
}

FeedbackDataset loadFeedbackLog(const std::filesystem::path& file) {
  auto in = open(file);
  FeedbackDataset out;
  auto& report = out.report;
  report.file = file;
  std::vector<LabelledRow> rows;
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (blank(line)) continue;
    ++report.lines;
    try {
      const auto j = nlohmann::json::parse(line);
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
  }
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
