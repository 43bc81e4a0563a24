#pragma once
// Pretrained word vectors from a user-supplied file in GloVe's text format: one "word v1 ... vD"
// line per word, any dimension D (fixed by the first vector line), plain or gzip-compressed
// (.gz). A word2vec-style "COUNT DIM" header line is accepted and skipped.
//
// A malformed file is a FormatError naming the file and the line: wrong number of values, a value
// that is not a number, an empty file, corrupt gzip data.
#include <cstdint>
#include <filesystem>

#include "core/embed/EmbeddingMatrix.h"
#include "core/text/Vocabulary.h"
#include "core/train/TrainObserver.h"

namespace tweetlab::embed {

// Rows of vocabulary words found in the file (exact token, else its lowercase form) get the
// file's vector; the others get uniform random vectors of the same spread (seeded).
EmbeddingMatrix loadGlove(const std::filesystem::path& file, const text::Vocabulary& vocabulary,
                          std::uint64_t seed = 1,
                          train::TrainObserver& observer = train::silentObserver());

}  // namespace tweetlab::embed
