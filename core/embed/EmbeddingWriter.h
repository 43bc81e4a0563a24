#pragma once
// Writes an embedding matrix as word2vec text ("COUNT DIM" header, then "word v1 ... vD" per
// vocabulary word), gzip-compressed. Deep bundles keep the vectors the model started from this
// way, so they can be inspected with any word-vector tool or reused as `glove:FILE` by another
// run (GloveLoader skips the header).
#include <filesystem>

#include "core/embed/EmbeddingMatrix.h"
#include "core/text/Vocabulary.h"

namespace tweetlab::embed {

// Rows 2.. (not <pad>/<unk>) under their vocabulary tokens. IoError when the file cannot be
// written; Error when the matrix and the vocabulary differ in size.
void saveEmbeddingText(const EmbeddingMatrix& matrix, const text::Vocabulary& vocabulary,
                       const std::filesystem::path& file);

}  // namespace tweetlab::embed
