#pragma once
// Reads labelled tweets from Sentiment140 CSV, generic CSV/TSV with a header, or JSON Lines.
// Bad rows never stop a load: each is skipped and reported with file, line and reason. Rows
// loaded with a caveat (read as Latin-1, quoted text over several lines) are reported as
// warnings the same way. Text is decoded row by row: one bad byte never changes another row.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace tweetlab::data {

enum class Format {
  Auto,          // from the extension and the first line
  Sentiment140,  // 6 columns (polarity, id, date, query, user, text), header optional
  Csv,           // header row; text and label columns chosen by name
  Tsv,           // as Csv, tab-separated
  JsonLines,     // one JSON object per line
};

enum class Encoding {
  Auto,    // each row as UTF-8; a row that is not valid UTF-8 is read as Latin-1 (the original
           // S140 file) and reported as a warning naming its line
  Utf8,    // rows with invalid UTF-8 are skipped
  Latin1,  // every byte is one code point
};

struct ReadOptions {
  Format format = Format::Auto;
  std::string textColumn = "text";    // Csv/Tsv/JsonLines
  std::string labelColumn = "label";  // Csv/Tsv/JsonLines
  // How label values as written map to labels, by value trimmed and in lower case ("happy" ->
  // kPositive, "meh" -> kNeutralLabel, "?" -> kUnknownLabel to skip); values not in the map are
  // read by parseLabel. Lets a file labelled in its own words load without editing it.
  std::map<std::string, int> labelMap;
  Encoding encoding = Encoding::Auto;
  std::size_t maxSkippedDetails = 1000;  // skipped rows (and warnings) beyond this are counted
  // A record (CSV/TSV) or line (JSON Lines) longer than this is skipped: a file without
  // newlines is never copied whole into one field.
  std::size_t maxRecordBytes = std::size_t{1} << 20;
  // Called now and then with bytes read and file size; returning false cancels the load
  // (loadDataset then throws CancelledError).
  std::function<bool(std::size_t done, std::size_t total)> progress;
};

struct SkippedRow {
  std::filesystem::path file;
  std::size_t line = 0;  // 1-based physical line where the record starts
  std::string reason;
};

struct LoadReport {
  std::filesystem::path file;
  Format format = Format::Auto;  // the format actually used
  // Utf8 when no row needed Latin-1; Latin1 when forced, or when every row with non-ASCII
  // bytes was read as Latin-1 (a Latin-1 file, like the original Sentiment140 one).
  Encoding encoding = Encoding::Auto;
  std::size_t rowsRead = 0;  // data records seen (header excluded)
  std::size_t rowsLoaded = 0;
  std::size_t neutralDropped = 0;
  std::size_t skippedCount = 0;
  std::vector<SkippedRow> skipped;   // the first ReadOptions::maxSkippedDetails of them
  std::size_t latin1Rows = 0;        // Encoding::Auto: rows not valid UTF-8, read as Latin-1
  std::size_t warningCount = 0;      // rows loaded with a caveat
  std::vector<SkippedRow> warnings;  // the first ReadOptions::maxSkippedDetails of them
  // Each label value as written (trimmed, lower case) with its row count: what the Data page's
  // label mapping lists. At most kMaxLabelValues values; rows with others are counted apart.
  static constexpr std::size_t kMaxLabelValues = 50;
  std::map<std::string, std::size_t> labelValues;
  std::size_t otherLabelRows = 0;

  std::string summary() const;
};

struct LoadResult {
  Dataset dataset;
  LoadReport report;
};

// Throws IoError when the file cannot be read, InputError when it cannot be understood at all
// (no such column, empty file), CancelledError when progress() returned false.
LoadResult loadDataset(const std::filesystem::path& file, const ReadOptions& options = {});

// The format Format::Auto resolves to for this file (extension, then the first record).
Format detectFormat(const std::filesystem::path& file, std::string_view bytes,
                    const ReadOptions& options);

std::string toString(Format format);
std::string toString(Encoding encoding);

// Maps a label as written in a file: 0/4 and 0/1, negative/positive, neg/pos (any case).
// Returns kNegative, kPositive, kNeutralLabel (2, "neutral", "neu") or kUnknownLabel.
inline constexpr int kNeutralLabel = 2;
inline constexpr int kUnknownLabel = -1;
int parseLabel(std::string_view raw);
// The label `raw` means under `options.labelMap`, else parseLabel.
int mapLabel(std::string_view raw, const ReadOptions& options);
// ReadOptions::labelMap's key for a value as written: trimmed, ASCII lower case.
std::string labelMapKey(std::string_view raw);
// "negative" | "positive" | "neutral" | "skip" (kUnknownLabel), and back (InputError otherwise).
std::string labelName(int label);
int parseLabelName(std::string_view name);

}  // namespace tweetlab::data
