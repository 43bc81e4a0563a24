#include "core/data/DatasetLoader.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/common/AsciiCase.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/data/CsvReader.h"
#include "core/data/FileProbe.h"
#include "core/data/MappedFile.h"
#include "core/text/Utf8.h"

namespace tweetlab::data {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kProgressEvery = 16384;  // records between progress callbacks

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

// Collects rows, skipped rows and warnings; shared by the three readers. Decodes each row's
// text by itself: a bad byte in one row never changes how another row is read.
class Collector {
 public:
  Collector(LoadResult& result, const ReadOptions& options) : r_(result), options_(options) {}

  void skip(std::size_t line, std::string reason) {
    ++r_.report.skippedCount;
    if (r_.report.skipped.size() < options_.maxSkippedDetails) {
      r_.report.skipped.push_back({r_.report.file, line, std::move(reason)});
    }
  }

  void warn(std::size_t line, std::string message) {
    ++r_.report.warningCount;
    if (r_.report.warnings.size() < options_.maxSkippedDetails) {
      r_.report.warnings.push_back({r_.report.file, line, std::move(message)});
    }
  }

  // Bytes of one row as UTF-8 following ReadOptions::encoding; false when the row is skipped.
  bool decode(std::size_t line, std::string_view bytes, std::string& out, const char* what) {
    if (options_.encoding == Encoding::Latin1) {
      out = latin1ToUtf8(bytes);
      return true;
    }
    if (text::utf8::isValid(bytes)) {
      if (!isAscii(bytes)) sawUtf8_ = true;
      out.assign(bytes);
      return true;
    }
    if (options_.encoding == Encoding::Utf8) {
      skip(line, std::string("undecodable bytes (") + what + " is not valid UTF-8)");
      return false;
    }
    ++r_.report.latin1Rows;
    warn(line, std::string(what) + " is not valid UTF-8: read as Latin-1");
    out = latin1ToUtf8(bytes);
    return true;
  }

  // `text` is raw bytes in the file's encoding; `label` as written.
  // `alreadyUtf8`: the caller decoded the text itself (JSON Lines decodes whole lines).
  void add(std::size_t line, std::string_view textBytes, std::string_view labelRaw,
           bool alreadyUtf8 = false) {
    countLabelValue(labelRaw);
    const int label = mapLabel(labelRaw, options_);
    if (label == kUnknownLabel) {
      skip(line, "unknown label '" + text::utf8::printable(trim(labelRaw), 40) + "'");
      return;
    }
    if (label == kNeutralLabel) {
      ++r_.report.neutralDropped;
      return;
    }
    std::string decoded;
    if (alreadyUtf8) {
      decoded.assign(textBytes);
    } else if (!decode(line, textBytes, decoded, "text")) {
      return;
    }
    if (trim(decoded).empty()) {
      skip(line, "empty text");
      return;
    }
    r_.dataset.rows.push_back({std::move(decoded), label});
  }

  void countLabelValue(std::string_view raw) {
    auto& values = r_.report.labelValues;
    const auto key = asciiLowered(trim(raw));
    if (auto it = values.find(key); it != values.end()) {
      ++it->second;
    } else if (values.size() < LoadReport::kMaxLabelValues && key.size() <= 40 &&
               text::utf8::isPrintable(key)) {
      values.emplace(key, 1);
    } else {
      ++r_.report.otherLabelRows;
    }
  }

  void tick(std::size_t done, std::size_t total) {
    if (++records_ % kProgressEvery != 0 || !options_.progress) return;
    if (!options_.progress(done, total)) throw CancelledError();
  }

  // The encoding to report once every row is read.
  Encoding encodingUsed() const {
    if (options_.encoding != Encoding::Auto) return options_.encoding;
    return r_.report.latin1Rows > 0 && !sawUtf8_ ? Encoding::Latin1 : Encoding::Utf8;
  }

 private:
  static bool isAscii(std::string_view bytes) {
    return std::all_of(bytes.begin(), bytes.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  }

  LoadResult& r_;
  const ReadOptions& options_;
  std::size_t records_ = 0;
  bool sawUtf8_ = false;  // a row with valid non-ASCII UTF-8
};

// A record over several physical lines is legal CSV (a quoted newline) but usually a sign of a
// quote gone wrong: it loads, with a warning naming its lines.
void warnIfMultiLine(Collector& out, std::size_t line, std::size_t lines) {
  if (lines <= 1) return;
  out.warn(line, "quoted text runs over " + std::to_string(lines) + " lines (" +
                     std::to_string(line) + "-" + std::to_string(line + lines - 1) + ")");
}

bool isSentiment140Header(const std::vector<std::string>& fields) {
  return fields.size() == 6 && parseLabel(fields[0]) == kUnknownLabel;
}

// The header's column names for an error message: a few, each short and printable (a 10 MB
// first line must not become a 10 MB message).
std::string joinColumns(const std::vector<std::string>& header) {
  constexpr std::size_t kShown = 12;
  std::string out;
  for (std::size_t i = 0; i < header.size() && i < kShown; ++i)
    out += (out.empty() ? "" : ", ") + text::utf8::printable(trim(header[i]), 40);
  if (header.size() > kShown) out += ", ... (" + std::to_string(header.size()) + " columns)";
  return out;
}

std::size_t findColumn(const std::vector<std::string>& header, const std::string& name,
                       const char* role, const fs::path& file) {
  const auto wanted = asciiLowered(trim(name));
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (asciiLowered(trim(header[i])) == wanted) return i;
  }
  throw InputError(file.string() + ": no " + role + " column named '" +
                   text::utf8::printable(name, 40) + "' (columns: " + joinColumns(header) + ")");
}

}  // namespace

Format detectFormat(const fs::path& file, std::string_view bytes, const ReadOptions& options) {
  const auto ext = asciiLowered(file.extension().string());
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return Format::JsonLines;
  if (ext == ".tsv" || ext == ".tab") return Format::Tsv;
  // The first well-formed record decides (a broken first row must not make a Sentiment140
  // file read as a CSV without its header).
  CsvReader reader(bytes, ',', options.maxRecordBytes);
  std::vector<std::string> first;
  auto status = CsvReader::Status::Malformed;
  for (int tries = 0; tries < 10 && status == CsvReader::Status::Malformed; ++tries)
    status = reader.next(first).status;
  if (status != CsvReader::Status::Record) return Format::Csv;
  auto has = [&](const std::string& name) {
    return std::any_of(first.begin(), first.end(), [&](const std::string& f) {
      return asciiLowered(trim(f)) == asciiLowered(name);
    });
  };
  if (has(options.textColumn) && has(options.labelColumn)) return Format::Csv;
  if (first.size() == 6) return Format::Sentiment140;
  if (first.size() == 1 && first[0].find('\t') != std::string::npos) return Format::Tsv;
  return Format::Csv;
}

namespace {

void readSentiment140(std::string_view bytes, const ReadOptions& options, Collector& out,
                      LoadReport& report) {
  CsvReader reader(bytes, ',', options.maxRecordBytes);
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
    warnIfMultiLine(out, r.line, reader.lastRecordLines());
    out.add(r.line, fields[5], fields[0]);
  }
}

void readDelimited(std::string_view bytes, char delimiter, const fs::path& file,
                   const ReadOptions& options, Collector& out, LoadReport& report) {
  CsvReader reader(bytes, delimiter, options.maxRecordBytes);
  std::vector<std::string> header;
  if (const auto first = reader.next(header); first.status != CsvReader::Status::Record) {
    throw InputError(file.string() + ": no header row (" +
                     (first.status == CsvReader::Status::End ? std::string("the file is empty")
                                                             : "line 1: " + first.error) +
                     ")");
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
    warnIfMultiLine(out, r.line, reader.lastRecordLines());
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
    if (raw.size() > options.maxRecordBytes) {
      out.skip(line, "line longer than " + describeRecordLimit(options.maxRecordBytes));
      continue;
    }
    if (!out.decode(line, raw, decoded, "line")) continue;
    std::string error;
    const auto parsed = tryParseJson(decoded, &error);  // depth-bounded: no stack overflow
    if (!parsed) {
      out.skip(line, "malformed JSON: " + error);
      continue;
    }
    const auto& object = *parsed;
    if (!object.is_object()) {
      out.skip(line, "not a JSON object");
      continue;
    }
    const auto text = object.find(options.textColumn);
    const auto label = object.find(options.labelColumn);
    if (text == object.end() || !text->is_string()) {
      out.skip(line, "no string field '" + text::utf8::printable(options.textColumn, 40) + "'");
      continue;
    }
    if (label == object.end() || label->is_null()) {
      out.skip(line, "no field '" + text::utf8::printable(options.labelColumn, 40) + "'");
      continue;
    }
    out.add(line, text->get_ref<const std::string&>(), jsonLabel(*label), /*alreadyUtf8=*/true);
  }
}

}  // namespace

std::string labelMapKey(std::string_view raw) {
  return asciiLowered(trim(raw));
}

std::string labelName(int label) {
  switch (label) {
    case kNegative:
      return "negative";
    case kPositive:
      return "positive";
    case kNeutralLabel:
      return "neutral";
    default:
      return "skip";
  }
}

int parseLabelName(std::string_view name) {
  const auto s = asciiLowered(trim(name));
  if (s == "negative") return kNegative;
  if (s == "positive") return kPositive;
  if (s == "neutral") return kNeutralLabel;
  if (s == "skip") return kUnknownLabel;
  throw InputError("label '" + text::utf8::printable(name, 40) +
                   "' must be positive, negative, neutral or skip");
}

int mapLabel(std::string_view raw, const ReadOptions& options) {
  if (!options.labelMap.empty()) {
    if (auto it = options.labelMap.find(asciiLowered(trim(raw))); it != options.labelMap.end())
      return it->second;
  }
  return parseLabel(raw);
}

int parseLabel(std::string_view raw) {
  const auto s = asciiLowered(trim(raw));
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
      << neutralDropped << " neutral dropped, " << skippedCount << " skipped";
  if (warningCount > 0)
    out << ", " << warningCount << (warningCount == 1 ? " warning" : " warnings");
  out << " (" << toString(format) << ", " << toString(encoding);
  if (latin1Rows > 0 && encoding != Encoding::Latin1)
    out << "; " << latin1Rows << (latin1Rows == 1 ? " row" : " rows") << " read as latin-1";
  out << ")";
  return out.str();
}

LoadResult loadDataset(const fs::path& file, const ReadOptions& options) {
  const MappedFile mapped(file);  // a regular file only: a FIFO or device is refused at once
  const std::string_view bytes = mapped.bytes();
  requireText(bytes, file);  // an image or a workbook is refused, never read as one column
  LoadResult result;
  auto& report = result.report;
  report.file = file;
  report.format =
      options.format == Format::Auto ? detectFormat(file, bytes, options) : options.format;
  if (options.progress && !options.progress(0, bytes.size())) throw CancelledError();

  Collector collector(result, options);
  switch (report.format) {
    case Format::Sentiment140:
      readSentiment140(bytes, options, collector, report);
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
  report.encoding = collector.encodingUsed();
  report.rowsLoaded = result.dataset.size();
  if (options.progress && !options.progress(bytes.size(), bytes.size())) throw CancelledError();
  return result;
}

}  // namespace tweetlab::data
