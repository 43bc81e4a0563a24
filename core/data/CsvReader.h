#pragma once
// RFC 4180 records over an in-memory buffer, with the physical line each record starts on.
// Quoted fields may hold delimiters, doubled quotes and newlines. A quote that never closes
// would swallow the rest of the file, and a stray quote that closes inside a later row would
// merge rows silently: both are reported as malformed and the reader resumes on the next line.
// A record longer than the limit is malformed too, so a file without newlines is never copied
// into one gigabyte-long field.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::data {

class CsvReader {
 public:
  static constexpr std::size_t kDefaultMaxRecordBytes = std::size_t{1} << 20;

  // The reader keeps a view of `buffer`, which must outlive it; a temporary string would be
  // freed before the first next() (the sanitizer run found one in a test), so it is refused.
  CsvReader(std::string_view buffer, char delimiter,
            std::size_t maxRecordBytes = kDefaultMaxRecordBytes);
  CsvReader(std::string&& buffer, char delimiter,
            std::size_t maxRecordBytes = kDefaultMaxRecordBytes) = delete;
  CsvReader(const char* buffer, char delimiter, std::size_t maxRecordBytes = kDefaultMaxRecordBytes)
      : CsvReader(std::string_view(buffer), delimiter, maxRecordBytes) {}

  enum class Status { Record, Malformed, End };
  struct Result {
    Status status = Status::End;
    std::size_t line = 0;  // 1-based line of the record's first byte
    std::string error;     // for Malformed
  };

  // Reads the next record into `fields` (reused between calls to avoid allocations).
  Result next(std::vector<std::string>& fields);
  std::size_t offset() const { return pos_; }
  // Physical lines the last record spanned (> 1 when a quoted field held newlines).
  std::size_t lastRecordLines() const { return lastLines_; }
  // Drops the last record and resumes on the line after its first one: used when a record
  // that ran over several lines turns out malformed (a stray quote that closed much later).
  void resumeAfterFirstLine();

 private:
  void skipToNextLine();

  std::string_view buf_;
  char delim_;
  std::size_t maxRecordBytes_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t lastStartPos_ = 0;
  std::size_t lastStartLine_ = 1;
  std::size_t lastLines_ = 0;
};

// "1 MiB": the limit as written in messages.
std::string describeRecordLimit(std::size_t bytes);

}  // namespace tweetlab::data
