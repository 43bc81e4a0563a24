#include "core/embed/EmbeddingWriter.h"

#include <zlib.h>

#include <cerrno>
#include <charconv>
#include <string>

#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/embed/GzFile.h"

namespace tweetlab::embed {

void saveEmbeddingText(const EmbeddingMatrix& matrix, const text::Vocabulary& vocabulary,
                       const std::filesystem::path& file) {
  if (matrix.rows != vocabulary.size()) {
    throw Error("embedding has " + std::to_string(matrix.rows) + " rows for a vocabulary of " +
                std::to_string(vocabulary.size()));
  }
  const auto tmp = std::filesystem::path(file.string() + ".tmp");
  gzFile out = openGz(tmp, "wb6");
  if (out == nullptr) throw IoError("cannot write " + tmp.string());
  std::string line = std::to_string(matrix.rows > 2 ? matrix.rows - 2 : 0) + " " +
                     std::to_string(matrix.dim) + "\n";
  bool ok = gzwrite(out, line.data(), static_cast<unsigned>(line.size())) > 0;
  char number[32];
  for (std::size_t id = 2; ok && id < matrix.rows; ++id) {
    line = vocabulary.token(static_cast<std::int32_t>(id));
    const float* row = matrix.row(id);
    for (std::size_t d = 0; d < matrix.dim; ++d) {
      // Shortest text that reads back as the same float: the saved vectors are exact.
      const auto end = std::to_chars(number, number + sizeof number, row[d]).ptr;
      line += ' ';
      line.append(number, end);
    }
    line += '\n';
    ok = gzwrite(out, line.data(), static_cast<unsigned>(line.size())) > 0;
  }
  // zlib reports Z_ERRNO for a failed write: the system's reason is in errno.
  int err = ok ? 0 : errno;
  errno = 0;
  const bool closed = gzclose(out) == Z_OK;
  if (err == 0) err = errno;
  if (!closed || !ok) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw IoError("writing " + file.string() + " failed: " + writeErrorText(err));
  }
  std::filesystem::rename(tmp, file);
}

}  // namespace tweetlab::embed
