#include "core/telemetry/FeedbackLog.h"

#include <fstream>
#include <string>

#include "core/common/Errors.h"
#include "core/common/Json.h"

namespace tweetlab::telemetry {

FeedbackLog::FeedbackLog(std::filesystem::path file) : file_(std::move(file)) {
  std::error_code ec;
  const auto dir = file_.has_parent_path() ? file_.parent_path() : std::filesystem::path(".");
  std::filesystem::create_directories(dir, ec);
  const bool existed = std::filesystem::exists(file_, ec);
  out_ = std::make_unique<DurableFile>(file_, DurableFile::Mode::Append, 0640);
  if (!existed) syncDirectory(dir);
  needsNewline_ = out_->endsMidLine();
}

FeedbackLog::~FeedbackLog() = default;

void FeedbackLog::append(const FeedbackRecord& record) {
  // Replace rather than throw on invalid UTF-8: the server validates text before this point, and
  // a record must never be lost to an encoding detail.
  std::string line = record.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';

  const std::lock_guard lock(mutex_);
  if (needsNewline_) line.insert(line.begin(), '\n');
  try {
    out_->write(line);
  } catch (const IoError&) {
    // Part of the line may be in the file: start the next one on a line of its own (an empty
    // line, if nothing was written, is skipped by readAll).
    needsNewline_ = true;
    throw;
  }
  needsNewline_ = false;
  out_->sync();
}

FeedbackLogContents FeedbackLog::readAll(const std::filesystem::path& file) {
  FeedbackLogContents contents;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(file)) return contents;
    throw IoError("cannot read the feedback log " + file.string());
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    try {
      contents.records.push_back(FeedbackRecord::fromJson(parseJson(line, file.string())));
    } catch (const nlohmann::json::exception&) {
      ++contents.skippedLines;
    } catch (const FormatError&) {
      ++contents.skippedLines;
    }
  }
  return contents;
}

std::uint64_t FeedbackLog::visitFrom(
    const std::filesystem::path& file, std::uint64_t from,
    const std::function<void(const FeedbackRecord&, std::uint64_t)>& visit) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(file)) return 0;
    throw IoError("cannot read the feedback log " + file.string());
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  std::uint64_t offset = (ec || from > size) ? 0 : from;
  in.seekg(static_cast<std::streamoff>(offset));
  std::string line;
  while (std::getline(in, line)) {
    const auto start = offset;
    const bool complete = !in.eof();  // a last line without '\n' may still be being written
    if (!complete) break;
    offset += line.size() + 1;
    if (line.empty()) continue;
    try {
      visit(FeedbackRecord::fromJson(parseJson(line, file.string())), start);
    } catch (const nlohmann::json::exception&) {
    } catch (const FormatError&) {
    }
  }
  return offset;
}

}  // namespace tweetlab::telemetry
