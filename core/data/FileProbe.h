#pragma once
// A first look at a dataset file before it is loaded: is it text at all (an image, archive or
// spreadsheet is refused with what it looks like, never read as a one-column CSV), which format
// it is, and which columns its header names, with the text and label columns it most likely
// means. The Data page fills its column drop-downs from this; loadDataset refuses binary files
// with the same message.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/DatasetLoader.h"

namespace tweetlab::data {

struct FileProbe {
  Format format = Format::Auto;      // the format the loader will use (never Auto)
  std::vector<std::string> columns;  // header names (CSV/TSV), the first object's keys (JSON
                                     // Lines), the six fixed Sentiment140 columns
  bool namedColumns = true;          // false for Sentiment140: its columns are positional
  // Suggested columns: the ones asked for when the header has them, else a usual name
  // ("text", "tweet", ... / "label", "sentiment", "polarity", ...); empty when none fits.
  std::string textColumn;
  std::string labelColumn;
};

// How many leading bytes are checked for binary content.
inline constexpr std::size_t kProbeBytes = 64 * 1024;

// InputError naming the file and what it looks like (PNG image, ZIP archive or Excel workbook,
// gzip, PDF, UTF-16 text, binary) when `head`, the file's first bytes, is not a text dataset.
void requireText(std::string_view head, const std::filesystem::path& file);

// IoError when unreadable, InputError when not text or without a header.
FileProbe probeFile(const std::filesystem::path& file, const ReadOptions& options = {});

}  // namespace tweetlab::data
