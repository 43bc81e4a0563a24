#include "core/data/CsvReader.h"

#include <algorithm>

namespace tweetlab::data {

CsvReader::CsvReader(std::string_view buffer, char delimiter) : buf_(buffer), delim_(delimiter) {
  // A UTF-8 byte-order mark is not part of the first column's name.
  if (buf_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

void CsvReader::skipToNextLine() {
  while (pos_ < buf_.size() && buf_[pos_] != '\n') ++pos_;
  if (pos_ < buf_.size()) ++pos_;
}

void CsvReader::resumeAfterFirstLine() {
  pos_ = lastStartPos_;
  skipToNextLine();
  line_ = lastStartLine_ + 1;
}

CsvReader::Result CsvReader::next(std::vector<std::string>& fields) {
  std::size_t count = 0;  // fields filled so far; the vector's strings are reused for capacity
  // Blank lines between records are not records.
  while (pos_ < buf_.size() && (buf_[pos_] == '\n' || buf_[pos_] == '\r')) {
    if (buf_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= buf_.size()) {
    fields.clear();
    return {Status::End, line_, {}};
  }

  const std::size_t startPos = pos_;
  const std::size_t startLine = line_;
  std::size_t lines = 0;  // newlines consumed inside this record
  auto malformed = [&](std::string why) {
    // Resume right after the record's first line: a stray quote costs one row, not the file.
    pos_ = startPos;
    skipToNextLine();
    line_ = startLine + 1;
    fields.clear();
    return Result{Status::Malformed, startLine, std::move(why)};
  };

  while (true) {
    if (fields.size() <= count) fields.emplace_back();
    std::string& field = fields[count++];
    field.clear();
    if (pos_ < buf_.size() && buf_[pos_] == '"') {
      ++pos_;
      bool closed = false;
      while (pos_ < buf_.size()) {
        // Copy the run up to the next quote in one go: tweets are long, quotes rare.
        const auto quote = buf_.find('"', pos_);
        const auto runEnd = quote == std::string_view::npos ? buf_.size() : quote;
        const auto run = buf_.substr(pos_, runEnd - pos_);
        lines += static_cast<std::size_t>(std::count(run.begin(), run.end(), '\n'));
        field.append(run);
        pos_ = runEnd;
        if (pos_ >= buf_.size()) break;
        if (pos_ + 1 < buf_.size() && buf_[pos_ + 1] == '"') {  // "" is one literal quote
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        closed = true;
        break;
      }
      if (!closed) return malformed("unterminated quoted field");
      // Lenient like Python's csv: text after the closing quote belongs to the field.
      while (pos_ < buf_.size() && buf_[pos_] != delim_ && buf_[pos_] != '\n' &&
             buf_[pos_] != '\r') {
        field.push_back(buf_[pos_++]);
      }
    } else {
      const std::size_t begin = pos_;
      while (pos_ < buf_.size() && buf_[pos_] != delim_ && buf_[pos_] != '\n') ++pos_;
      std::size_t end = pos_;
      if (end > begin && buf_[end - 1] == '\r' && (pos_ >= buf_.size() || buf_[pos_] == '\n'))
        --end;
      field.assign(buf_.substr(begin, end - begin));
    }
    if (pos_ < buf_.size() && buf_[pos_] == delim_) {
      ++pos_;
      continue;
    }
    if (pos_ < buf_.size() && buf_[pos_] == '\r') ++pos_;
    if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
    break;
  }
  fields.resize(count);
  line_ = startLine + lines + 1;
  lastStartPos_ = startPos;
  lastStartLine_ = startLine;
  lastLines_ = lines + 1;
  return {Status::Record, startLine, {}};
}

}  // namespace tweetlab::data
