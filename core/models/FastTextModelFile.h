#pragma once
// Checks a fastText model file (libfasttext 0.9.2's binary format, version 12) before the
// library sees it. libfasttext trusts its input: a file cut to 8 bytes ends in a division by
// zero (SIGFPE), a missing end-of-string loops until memory runs out, and sizes that disagree
// trip its assert()s (SIGABRT) on the first prediction. Each of those would take the API down
// after it said it was ready, so every size, count and enum here is checked against the
// format and the file's length, and only what TweetLab's supervised classifier writes passes:
// a supervised, non-quantised model with labels __label__0 and __label__1.
//
// Layout: magic, version, args (12 x int32 + double), dictionary (int32 size, nwords, nlabels,
// int64 ntokens, prune count; entries: NUL-terminated word, int64 count, int8 type), prune
// pairs, bool quantised input, input matrix (int64 rows, cols, rows*cols floats), bool quantised
// output, output matrix, end of file.
#include <filesystem>

namespace tweetlab::models {

// FormatError naming the file and what is wrong with it (one line); IoError when it cannot be
// read (missing, not a regular file).
void checkFastTextModelFile(const std::filesystem::path& file);

}  // namespace tweetlab::models
