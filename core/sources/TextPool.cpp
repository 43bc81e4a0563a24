#include "core/sources/TextPool.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "core/common/AsciiCase.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/data/CsvReader.h"
#include "core/data/MappedFile.h"
#include "core/text/Utf8.h"

namespace tweetlab::sources {
namespace {

class Collector {
 public:
  explicit Collector(TextPool& pool) : pool_(pool) {}
  void add(std::string text, std::size_t line) {
    if (text::utf8::isBlank(text) || !text::utf8::isValid(text)) {
      ++pool_.skipped;
      return;
    }
    if (!seen_.insert(text).second) {
      ++pool_.duplicates;
      return;
    }
    pool_.tweets.push_back({std::move(text), line});
  }
  void skip() { ++pool_.skipped; }

 private:
  TextPool& pool_;
  std::unordered_set<std::string> seen_;
};

void readLines(std::string_view bytes, Collector& out) {
  std::size_t line = 0, start = 0;
  while (start < bytes.size()) {
    auto end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    ++line;
    auto text = bytes.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (!text::utf8::isBlank(text)) out.add(std::string(text), line);
    start = end + 1;
  }
}

void readJsonLines(std::string_view bytes, const std::string& field, Collector& out) {
  std::size_t line = 0, start = 0;
  while (start < bytes.size()) {
    auto end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    ++line;
    const auto raw = bytes.substr(start, end - start);
    start = end + 1;
    if (text::utf8::isBlank(raw)) continue;
    const auto j = tryParseJson(raw);  // depth-bounded
    if (!j || !j->is_object() || !j->contains(field) || !(*j)[field].is_string()) {
      out.skip();
      continue;
    }
    out.add((*j)[field].get<std::string>(), line);
  }
}

void readDelimited(std::string_view bytes, char delimiter, const std::filesystem::path& file,
                   const std::string& column, Collector& out) {
  data::CsvReader reader(bytes, delimiter);
  std::vector<std::string> header, fields;
  if (reader.next(header).status != data::CsvReader::Status::Record)
    throw InputError(file.string() + ": no header row");
  const auto it = std::find_if(header.begin(), header.end(), [&](const std::string& h) {
    return asciiLowered(h) == asciiLowered(column);
  });
  if (it == header.end())
    throw InputError(file.string() + ": no text column named '" + column +
                     "' (a plain .txt file takes one tweet per line)");
  const auto index = static_cast<std::size_t>(it - header.begin());
  while (true) {
    const auto r = reader.next(fields);
    if (r.status == data::CsvReader::Status::End) break;
    if (r.status == data::CsvReader::Status::Malformed || fields.size() != header.size()) {
      out.skip();
      continue;
    }
    out.add(fields[index], r.line);
  }
}

}  // namespace

std::vector<std::string> TextPool::texts() const {
  std::vector<std::string> out;
  out.reserve(tweets.size());
  for (const auto& t : tweets) out.push_back(t.text);
  return out;
}

TextPool loadTextPool(const std::filesystem::path& file, const data::ReadOptions& options) {
  const data::MappedFile mapped(file);
  const auto bytes = mapped.bytes();
  TextPool pool;
  pool.file = file;
  Collector out(pool);
  const auto ext = asciiLowered(file.extension().string());
  auto format = options.format;
  if (format == data::Format::Auto) {
    if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") {
      format = data::Format::JsonLines;
    } else if (ext == ".tsv" || ext == ".tab") {
      format = data::Format::Tsv;
    } else if (ext == ".csv") {
      format = data::Format::Csv;
    }
  }
  switch (format) {
    case data::Format::JsonLines:
      readJsonLines(bytes, options.textColumn, out);
      break;
    case data::Format::Tsv:
      readDelimited(bytes, '\t', file, options.textColumn, out);
      break;
    case data::Format::Csv:
      readDelimited(bytes, ',', file, options.textColumn, out);
      break;
    case data::Format::Sentiment140: {
      data::CsvReader reader(bytes, ',');
      std::vector<std::string> fields;
      for (auto r = reader.next(fields); r.status != data::CsvReader::Status::End;
           r = reader.next(fields)) {
        if (r.status == data::CsvReader::Status::Record && fields.size() == 6) {
          out.add(fields[5], r.line);
        } else {
          out.skip();
        }
      }
      break;
    }
    case data::Format::Auto:
      readLines(bytes, out);
      break;
  }
  if (pool.tweets.empty())
    throw InputError(file.string() + " holds no tweets (" + std::to_string(pool.skipped) +
                     " lines skipped)");
  return pool;
}

}  // namespace tweetlab::sources
