#include "core/data/DatasetLoader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/common/Errors.h"
#include "core/data/CsvReader.h"
#include "core/data/MappedFile.h"
#include "core/text/Utf8.h"

namespace tweetlab::data {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kProgressEvery = 16384;  // records between progress callbacks

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string latin1ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (unsigned char c : bytes) text::utf8::append(out, static_cast<char32_t>(c));
  return out;
}

// Collects rows and skipped-row details; shared by the three readers.
class Collector {
 public:
  Collector(LoadResult& result, const ReadOptions& options, bool wholeFileIsUtf8)
      : r_(result), options_(options), wholeFileIsUtf8_(wholeFileIsUtf8) {}

  void skip(std::size_t line, std::string reason) {
    ++r_.report.skippedCount;
    if (r_.report.skipped.size() < options_.maxSkippedDetails) {
      r_.report.skipped.push_back({r_.report.file, line, std::move(reason)});
    }
  }

  // `text` is raw bytes in the file's encoding; `label` as written.
  // `alreadyUtf8`: the caller decoded the text itself (JSON Lines decodes whole lines).
  void add(std::size_t line, std::string_view textBytes, std::string_view labelRaw,
           bool alreadyUtf8 = false) {
    const int label = parseLabel(labelRaw);
    if (label == kUnknownLabel) {
      skip(line, "unknown label '" + std::string(trim(labelRaw).substr(0, 40)) + "'");
      return;
    }
    if (label == kNeutralLabel) {
      ++r_.report.neutralDropped;
      return;
    }
    std::string decoded;
    if (r_.report.encoding == Encoding::Latin1 && !alreadyUtf8) {
      decoded = latin1ToUtf8(textBytes);
    } else {
      if (!wholeFileIsUtf8_ && !text::utf8::isValid(textBytes)) {
        skip(line, "undecodable bytes (text is not valid UTF-8)");
        return;
      }
      decoded.assign(textBytes);
    }
    if (trim(decoded).empty()) {
      skip(line, "empty text");
      return;
    }
    r_.dataset.rows.push_back({std::move(decoded), label});
  }

  void tick(std::size_t done, std::size_t total) {
    if (++records_ % kProgressEvery != 0 || !options_.progress) return;
    if (!options_.progress(done, total)) throw CancelledError();
  }

 private:
  LoadResult& r_;
  const ReadOptions& options_;
  bool wholeFileIsUtf8_;  // checked once up front: no need to re-check every row
  std::size_t records_ = 0;
};

bool isSentiment140Header(const std::vector<std::string>& fields) {
  return fields.size() == 6 && parseLabel(fields[0]) == kUnknownLabel;
}

std::string joinColumns(const std::vector<std::string>& header) {
  std::string out;
  for (const auto& h : header) out += (out.empty() ? "" : ", ") + std::string(trim(h));
  return out;
}

std::size_t findColumn(const std::vector<std::string>& header, const std::string& name,
                       const char* role, const fs::path& file) {
  const auto wanted = lowerAscii(trim(name));
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (lowerAscii(trim(header[i])) == wanted) return i;
  }
  throw InputError(file.string() + ": no " + role + " column named '" + name +
                   "' (columns: " + joinColumns(header) + ")");
}

Format detectFormat(const fs::path& file, std::string_view bytes, const ReadOptions& options) {
  const auto ext = lowerAscii(file.extension().string());
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return Format::JsonLines;
  if (ext == ".tsv" || ext == ".tab") return Format::Tsv;
  CsvReader reader(bytes, ',');
  std::vector<std::string> first;
  if (reader.next(first).status != CsvReader::Status::Record) return Format::Csv;
  auto has = [&](const std::string& name) {
    return std::any_of(first.begin(), first.end(), [&](const std::string& f) {
      return lowerAscii(trim(f)) == lowerAscii(name);
    });
  };
  if (has(options.textColumn) && has(options.labelColumn)) return Format::Csv;
  if (first.size() == 6) return Format::Sentiment140;
  if (first.size() == 1 && first[0].find('\t') != std::string::npos) return Format::Tsv;
  return Format::Csv;
}

void readSentiment140(std::string_view bytes, Collector& out, LoadReport& report) {
  CsvReader reader(bytes, ',');
  std::vector<std::string> fields;
  bool first = true;
  while (true) {
    const auto r = reader.next(fields);
    if (r.status == CsvReader::Status::End) break;
    out.tick(reader.offset(), bytes.size());
    if (r.status == CsvReader::Status::Malformed) {
      ++report.rowsRead;
      out.skip(r.line, r.error);
      continue;
    }
    if (first && isSentiment140Header(fields)) {
      first = false;
      continue;
    }
    first = false;
    ++report.rowsRead;
    if (fields.size() != 6) {
      if (reader.lastRecordLines() > 1) {
        reader.resumeAfterFirstLine();
        out.skip(r.line, "unterminated quoted field (expected 6 columns)");
      } else {
        out.skip(r.line, "expected 6 columns, found " + std::to_string(fields.size()));
      }
      continue;
    }
    out.add(r.line, fields[5], fields[0]);
  }
}

void readDelimited(std::string_view bytes, char delimiter, const fs::path& file,
                   const ReadOptions& options, Collector& out, LoadReport& report) {
  CsvReader reader(bytes, delimiter);
  std::vector<std::string> header;
  if (reader.next(header).status != CsvReader::Status::Record) {
    throw InputError(file.string() +
                     ": no header row (the file is empty or its first line is malformed)");
  }
  const auto textIndex = findColumn(header, options.textColumn, "text", file);
  const auto labelIndex = findColumn(header, options.labelColumn, "label", file);
  std::vector<std::string> fields;
  while (true) {
    const auto r = reader.next(fields);
    if (r.status == CsvReader::Status::End) break;
    out.tick(reader.offset(), bytes.size());
    ++report.rowsRead;
    if (r.status == CsvReader::Status::Malformed) {
      out.skip(r.line, r.error);
      continue;
    }
    if (fields.size() != header.size()) {
      if (reader.lastRecordLines() > 1) {
        reader.resumeAfterFirstLine();
        out.skip(r.line, "unterminated quoted field (expected " + std::to_string(header.size()) +
                             " columns)");
      } else {
        out.skip(r.line, "expected " + std::to_string(header.size()) + " columns, found " +
                             std::to_string(fields.size()));
      }
      continue;
    }
    out.add(r.line, fields[textIndex], fields[labelIndex]);
  }
}

std::string jsonLabel(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::floor(d) == d && std::abs(d) < 1e6) return std::to_string(static_cast<long long>(d));
  }
  return value.dump();
}

void readJsonLines(std::string_view bytes, const ReadOptions& options, Collector& out,
                   LoadReport& report) {
  std::size_t pos = 0;
  std::size_t line = 0;
  std::string decoded;
  while (pos < bytes.size()) {
    const auto end = std::min(bytes.find('\n', pos), bytes.size());
    auto raw = trim(bytes.substr(pos, end - pos));
    pos = end + 1;
    ++line;
    if (line == 1 && raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
    if (raw.empty()) continue;
    out.tick(std::min(pos, bytes.size()), bytes.size());
    ++report.rowsRead;
    if (report.encoding == Encoding::Latin1) {
      decoded = latin1ToUtf8(raw);
      raw = decoded;
    } else if (!text::utf8::isValid(raw)) {
      out.skip(line, "undecodable bytes (line is not valid UTF-8)");
      continue;
    }
    const auto object = nlohmann::json::parse(raw, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded()) {
      out.skip(line, "malformed JSON");
      continue;
    }
    if (!object.is_object()) {
      out.skip(line, "not a JSON object");
      continue;
    }
    const auto text = object.find(options.textColumn);
    const auto label = object.find(options.labelColumn);
    if (text == object.end() || !text->is_string()) {
      out.skip(line, "no string field '" + options.textColumn + "'");
      continue;
    }
    if (label == object.end() || label->is_null()) {
      out.skip(line, "no field '" + options.labelColumn + "'");
      continue;
    }
    out.add(line, text->get_ref<const std::string&>(), jsonLabel(*label), /*alreadyUtf8=*/true);
  }
}

}  // namespace

int parseLabel(std::string_view raw) {
  const auto s = lowerAscii(trim(raw));
  if (s == "0" || s == "negative" || s == "neg") return kNegative;
  if (s == "4" || s == "1" || s == "positive" || s == "pos") return kPositive;
  if (s == "2" || s == "neutral" || s == "neu") return kNeutralLabel;
  return kUnknownLabel;
}

std::string toString(Format format) {
  switch (format) {
    case Format::Sentiment140:
      return "sentiment140";
    case Format::Csv:
      return "csv";
    case Format::Tsv:
      return "tsv";
    case Format::JsonLines:
      return "jsonl";
    case Format::Auto:
      break;
  }
  return "auto";
}

std::string toString(Encoding encoding) {
  switch (encoding) {
    case Encoding::Utf8:
      return "utf-8";
    case Encoding::Latin1:
      return "latin-1";
    case Encoding::Auto:
      break;
  }
  return "auto";
}

std::string LoadReport::summary() const {
  std::ostringstream out;
  out << file.filename().string() << ": " << rowsRead << " rows read, " << rowsLoaded << " loaded, "
      << neutralDropped << " neutral dropped, " << skippedCount << " skipped (" << toString(format)
      << ", " << toString(encoding) << ")";
  return out.str();
}

LoadResult loadDataset(const fs::path& file, const ReadOptions& options) {
  const MappedFile mapped(file);
  const std::string_view bytes = mapped.bytes();
  LoadResult result;
  auto& report = result.report;
  report.file = file;
  report.format =
      options.format == Format::Auto ? detectFormat(file, bytes, options) : options.format;
  report.encoding = options.encoding;
  const bool wholeFileIsUtf8 = report.encoding != Encoding::Latin1 && text::utf8::isValid(bytes);
  if (report.encoding == Encoding::Auto)
    report.encoding = wholeFileIsUtf8 ? Encoding::Utf8 : Encoding::Latin1;
  if (options.progress && !options.progress(0, bytes.size())) throw CancelledError();

  Collector collector(result, options, wholeFileIsUtf8);
  switch (report.format) {
    case Format::Sentiment140:
      readSentiment140(bytes, collector, report);
      break;
    case Format::Csv:
      readDelimited(bytes, ',', file, options, collector, report);
      break;
    case Format::Tsv:
      readDelimited(bytes, '\t', file, options, collector, report);
      break;
    case Format::JsonLines:
      readJsonLines(bytes, options, collector, report);
      break;
    case Format::Auto:
      break;
  }
  report.rowsLoaded = result.dataset.size();
  if (options.progress && !options.progress(bytes.size(), bytes.size())) throw CancelledError();
  return result;
}

}  // namespace tweetlab::data
