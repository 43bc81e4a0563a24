#include "core/data/FileProbe.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/common/AsciiCase.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/data/CsvReader.h"
#include "core/data/MappedFile.h"

namespace tweetlab::data {
namespace fs = std::filesystem;
namespace {

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// What well-known binary files start with, as the user would name them.
std::string recognise(std::string_view head) {
  if (startsWith(head, "\x89PNG")) return "a PNG image";
  if (startsWith(head, "\xFF\xD8\xFF")) return "a JPEG image";
  if (startsWith(head, "GIF8")) return "a GIF image";
  if (startsWith(head, "%PDF")) return "a PDF document";
  if (startsWith(head, std::string_view("PK\x03\x04", 4)))
    return "a ZIP archive (an .xlsx or .ods workbook is one: save it as CSV)";
  if (startsWith(head, "\x1F\x8B")) return "gzip-compressed (decompress it first)";
  if (startsWith(head, "\xD0\xCF\x11\xE0")) return "an old Excel/Word file (save it as CSV)";
  if (startsWith(head, "\xFF\xFE") || startsWith(head, "\xFE\xFF"))
    return "UTF-16 text (save it as UTF-8)";
  if (startsWith(head, "SQLite format 3")) return "an SQLite database";
  return {};
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (startsWith(s, "\xEF\xBB\xBF")) s.remove_prefix(3);  // a BOM before the first name
  return std::string(s);
}

// The column the user asked for when present, else the first usual name present.
std::string suggest(const std::vector<std::string>& columns, const std::string& asked,
                    std::initializer_list<std::string_view> usual) {
  const auto find = [&](std::string_view name) -> std::string {
    for (const auto& c : columns)
      if (asciiLowered(c) == asciiLowered(name)) return c;
    return {};
  };
  if (auto found = find(asked); !found.empty()) return found;
  for (auto name : usual)
    if (auto found = find(name); !found.empty()) return found;
  return {};
}

}  // namespace

void requireText(std::string_view head, const fs::path& file) {
  head = head.substr(0, kProbeBytes);
  std::string what = recognise(head);
  if (what.empty() && head.size() >= 512) {
    // Text hardly holds NUL or other control bytes besides tab and line ends. A few in a small
    // file are a bad row, loaded or skipped as such; many in a larger head are a binary format.
    std::size_t nuls = 0, controls = 0;
    for (unsigned char c : head) {
      if (c == 0) ++nuls;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++controls;
    }
    if (nuls * 100 > head.size() || controls * 20 > head.size()) what = "binary data, not text";
  }
  if (!what.empty()) {
    throw InputError(file.filename().string() + " is not a tweet dataset: it looks like " + what +
                     ". Open a CSV, TSV or JSON Lines file.");
  }
}

FileProbe probeFile(const fs::path& file, const ReadOptions& options) {
  const MappedFile mapped(file);
  const std::string_view bytes = mapped.bytes();
  requireText(bytes, file);
  FileProbe probe;
  probe.format =
      options.format == Format::Auto ? detectFormat(file, bytes, options) : options.format;
  switch (probe.format) {
    case Format::Sentiment140:
      probe.columns = {"polarity", "id", "date", "query", "user", "text"};
      probe.namedColumns = false;
      probe.textColumn = "text";
      probe.labelColumn = "polarity";
      return probe;
    case Format::JsonLines: {
      auto line = bytes.substr(0, std::min(bytes.find('\n'), bytes.size()));
      if (startsWith(line, "\xEF\xBB\xBF")) line.remove_prefix(3);
      const auto first = tryParseJson(line);
      if (!first || !first->is_object())
        throw InputError(file.filename().string() + ": line 1 is not a JSON object");
      for (const auto& [key, value] : first->items()) probe.columns.push_back(key);
      break;
    }
    case Format::Csv:
    case Format::Tsv:
    case Format::Auto: {
      CsvReader reader(bytes, probe.format == Format::Tsv ? '\t' : ',', options.maxRecordBytes);
      std::vector<std::string> header;
      if (reader.next(header).status != CsvReader::Status::Record)
        throw InputError(file.filename().string() + ": no header row");
      for (const auto& name : header) probe.columns.push_back(trimmed(name));
      break;
    }
  }
  probe.textColumn =
      suggest(probe.columns, options.textColumn, {"text", "tweet", "content", "message", "body"});
  probe.labelColumn = suggest(probe.columns, options.labelColumn,
                              {"label", "sentiment", "polarity", "target", "class"});
  return probe;
}

}  // namespace tweetlab::data
