#include "core/telemetry/FeedbackLog.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "core/common/Errors.h"

namespace tweetlab::telemetry {
namespace {

std::string errnoText() {
  return std::strerror(errno);
}

// A new directory entry is only durable once its directory is synced too.
void syncDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

bool endsWithTornLine(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size == 0) return false;
  char last = '\n';
  return ::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n';
}

}  // namespace

FeedbackLog::FeedbackLog(std::filesystem::path file) : file_(std::move(file)) {
  std::error_code ec;
  const auto dir = file_.has_parent_path() ? file_.parent_path() : std::filesystem::path(".");
  std::filesystem::create_directories(dir, ec);
  const bool existed = std::filesystem::exists(file_, ec);
  // Read-write only so that the torn-tail check below can pread the last byte.
  fd_ = ::open(file_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd_ < 0) throw IoError("cannot open the feedback log " + file_.string() + ": " + errnoText());
  if (!existed) syncDirectory(dir);
  needsNewline_ = endsWithTornLine(fd_);
}

FeedbackLog::~FeedbackLog() {
  if (fd_ >= 0) ::close(fd_);
}

void FeedbackLog::append(const FeedbackRecord& record) {
  // Replace rather than throw on invalid UTF-8: the server validates text before this point, and
  // a record must never be lost to an encoding detail.
  std::string line = record.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';

  const std::lock_guard lock(mutex_);
  if (needsNewline_) line.insert(line.begin(), '\n');
  std::size_t written = 0;
  while (written < line.size()) {
    const auto n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (written > 0) needsNewline_ = true;  // we left a torn line behind
      throw IoError("cannot write the feedback log " + file_.string() + ": " + errnoText());
    }
    written += static_cast<std::size_t>(n);
  }
  needsNewline_ = false;
  if (::fdatasync(fd_) != 0) {
    throw IoError("cannot sync the feedback log " + file_.string() + ": " + errnoText());
  }
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
      contents.records.push_back(FeedbackRecord::fromJson(nlohmann::json::parse(line)));
    } catch (const nlohmann::json::exception&) {
      ++contents.skippedLines;
    } catch (const FormatError&) {
      ++contents.skippedLines;
    }
  }
  return contents;
}

}  // namespace tweetlab::telemetry
