#pragma once
// Durable, append-only store of tester feedback: one JSON object per line (JSON Lines).
//
// append() returns only once the line is on stable storage (write + fdatasync), so a feedback the
// API acknowledged survives a crash or power loss. A crash in the middle of a write can leave a
// torn last line; readAll() skips and counts lines that do not parse, and the next append() first
// terminates a torn tail with a newline so the new record never glues onto the fragment.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/common/DurableFile.h"
#include "core/telemetry/FeedbackRecord.h"

namespace tweetlab::telemetry {

struct FeedbackLogContents {
  std::vector<FeedbackRecord> records;
  std::size_t skippedLines = 0;  // torn or corrupt lines left out
};

class FeedbackLog {
 public:
  // Creates the file (and its directory) when missing; IoError when it cannot be opened.
  explicit FeedbackLog(std::filesystem::path file);
  ~FeedbackLog();
  FeedbackLog(const FeedbackLog&) = delete;
  FeedbackLog& operator=(const FeedbackLog&) = delete;

  // Thread-safe. IoError when the write or the sync fails (the caller must not acknowledge).
  void append(const FeedbackRecord& record);

  const std::filesystem::path& file() const { return file_; }

  static FeedbackLogContents readAll(const std::filesystem::path& file);
  // Calls `visit(record, offset)` for each readable record whose line starts at or after byte
  // `from` (from 0 when the file is shorter: it was replaced), with the line's offset; returns
  // the file's end offset as read. A torn last line is not visited.
  static std::uint64_t visitFrom(
      const std::filesystem::path& file, std::uint64_t from,
      const std::function<void(const FeedbackRecord&, std::uint64_t)>& visit);

 private:
  std::filesystem::path file_;
  std::unique_ptr<DurableFile> out_;
  bool needsNewline_ = false;  // the file ended in a torn line when opened
  std::mutex mutex_;
};

}  // namespace tweetlab::telemetry
