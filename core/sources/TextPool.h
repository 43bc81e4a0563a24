#pragma once
// Unlabelled tweets: what `suggest` ranks, `calibrate --unlabelled` re-estimates the prior on, and
// the Try page's "label next" queue draws from. A plain text file (one tweet per line), a CSV/TSV
// with a text column, or JSON Lines with a "text" field; labels, if the file has them, are ignored.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/DatasetLoader.h"

namespace tweetlab::sources {

struct PoolTweet {
  std::string text;
  std::size_t line = 0;  // 1-based line where it starts
};

struct TextPool {
  std::filesystem::path file;
  std::vector<PoolTweet> tweets;
  std::size_t skipped = 0;     // empty lines, invalid UTF-8, malformed records
  std::size_t duplicates = 0;  // the same text again: kept once, so nobody labels it twice
  std::vector<std::string> texts() const;
};

// IoError when unreadable, InputError when the CSV has no text column or nothing is left.
TextPool loadTextPool(const std::filesystem::path& file, const data::ReadOptions& options = {});

}  // namespace tweetlab::sources
