#include "core/data/CsvReader.h"

#include <algorithm>

#include "core/common/RegularFile.h"

namespace tweetlab::data {

std::string describeRecordLimit(std::size_t bytes) {
  return describeSize(bytes);
}

CsvReader::CsvReader(std::string_view buffer, char delimiter, std::size_t maxRecordBytes)
    : buf_(buffer), delim_(delimiter), maxRecordBytes_(maxRecordBytes) {
  // A UTF-8 byte-order mark is not part of the first column's name.
  if (buf_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

void CsvReader::skipToNextLine() {
  const auto newline = buf_.find('\n', pos_);
  pos_ = newline == std::string_view::npos ? buf_.size() : newline + 1;
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
  // Nothing of this record is looked at past `limit`: the work and the copies per record stay
  // bounded whatever the file holds.
  const std::size_t limit = std::min(buf_.size(), startPos + maxRecordBytes_);
  const auto window = buf_.substr(0, limit);
  std::size_t lines = 0;  // newlines consumed inside this record
  auto malformed = [&](std::string why) {
    // Resume right after the record's first line: a stray quote costs one row, not the file.
    pos_ = startPos;
    skipToNextLine();
    line_ = startLine + 1;
    fields.clear();
    return Result{Status::Malformed, startLine, std::move(why)};
  };
  const auto tooLong = [&] {
    return malformed("record longer than " + describeRecordLimit(maxRecordBytes_) +
                     " (not a text file, or a quote that never closes?)");
  };

  while (true) {
    if (fields.size() <= count) fields.emplace_back();
    std::string& field = fields[count++];
    field.clear();
    if (pos_ < buf_.size() && buf_[pos_] == '"') {
      ++pos_;
      bool closed = false;
      std::size_t fieldLines = 0;
      while (pos_ < limit) {
        // Copy the run up to the next quote in one go: tweets are long, quotes rare.
        const auto quote = window.find('"', pos_);
        const auto runEnd = quote == std::string_view::npos ? limit : quote;
        const auto run = window.substr(pos_, runEnd - pos_);
        fieldLines += static_cast<std::size_t>(std::count(run.begin(), run.end(), '\n'));
        field.append(run);
        pos_ = runEnd;
        if (pos_ >= limit) break;
        if (pos_ + 1 < limit && window[pos_ + 1] == '"') {  // "" is one literal quote
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        closed = true;
        break;
      }
      if (!closed) {
        if (limit < buf_.size()) return tooLong();
        return malformed("unterminated quoted field");
      }
      lines += fieldLines;
      const bool fieldEnds =
          pos_ >= buf_.size() || buf_[pos_] == delim_ || buf_[pos_] == '\n' || buf_[pos_] == '\r';
      if (!fieldEnds && fieldLines > 0) {
        // `"I love this,1` then `"worst day ever",0`: the quote opened on the first line closes
        // at the start of the next one, and the rest of that line would join the field.
        return malformed("unterminated quoted field (its quote closes inside line " +
                         std::to_string(startLine + lines) + ")");
      }
      // Lenient like Python's csv: text after the closing quote belongs to the field.
      while (pos_ < limit && buf_[pos_] != delim_ && buf_[pos_] != '\n' && buf_[pos_] != '\r') {
        field.push_back(buf_[pos_++]);
      }
      if (pos_ >= limit && limit < buf_.size()) return tooLong();
    } else {
      const std::size_t begin = pos_;
      while (pos_ < limit && buf_[pos_] != delim_ && buf_[pos_] != '\n') ++pos_;
      if (pos_ >= limit && limit < buf_.size()) return tooLong();
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
