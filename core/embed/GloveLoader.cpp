#include "core/embed/GloveLoader.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/AsciiCase.h"
#include "core/common/Errors.h"
#include "core/common/RegularFile.h"
#include "core/embed/GzFile.h"

namespace tweetlab::embed {
namespace {

// gzopen reads plain files too, so one reader covers .txt and .gz.
class LineReader {
 public:
  explicit LineReader(const std::filesystem::path& file) : file_(file) {
    { const RegularFile check(file, kNoSizeLimit, "word-vector file"); }  // no FIFO or device
    handle_ = openGz(file, "rb");
    if (!handle_) throw IoError("cannot open the word-vector file " + file.string());
    gzbuffer(handle_, 1 << 17);
  }
  ~LineReader() { gzclose(handle_); }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // False at end of file; the line is returned without its '\n' / '\r\n'.
  bool next(std::string& line) {
    line.clear();
    char buffer[1 << 16];
    while (true) {
      if (!gzgets(handle_, buffer, sizeof buffer)) {
        int code = Z_OK;
        const char* message = gzerror(handle_, &code);
        if (code != Z_OK && code != Z_STREAM_END) {
          throw FormatError(file_.string() + ": corrupt compressed data after line " +
                            std::to_string(lineNumber_) + " (" + message + ")");
        }
        if (line.empty()) return false;
        break;
      }
      line += buffer;
      if (!line.empty() && line.back() == '\n') break;
      // A 300-dimensional vector takes ~3 KB of text: a megabyte without a newline is not one.
      if (line.size() > (1u << 20)) {
        throw FormatError(file_.string() + ": line " + std::to_string(lineNumber_ + 1) +
                          " is longer than 1 MiB (not a word-vector text file?)");
      }
    }
    ++lineNumber_;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return true;
  }
  std::size_t lineNumber() const { return lineNumber_; }

 private:
  std::filesystem::path file_;
  gzFile handle_ = nullptr;
  std::size_t lineNumber_ = 0;
};

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    std::size_t end = pos;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
    if (end > pos) out.push_back(line.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool isCount(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

EmbeddingMatrix loadGlove(const std::filesystem::path& file, const text::Vocabulary& vocabulary,
                          std::uint64_t seed, train::TrainObserver& observer) {
  if (std::filesystem::is_directory(file)) {
    throw InputError(file.string() + " is a directory, not a word-vector file");
  }
  LineReader reader(file);
  const auto where = [&] { return file.string() + ":" + std::to_string(reader.lineNumber()); };
  std::string line;
  std::size_t dim = 0;
  std::size_t dimLine = 0;
  std::vector<float> values;  // rows * dim once dim is known
  std::vector<char> exact;    // row filled by its exact token (beats a lowercase match)
  std::vector<char> filled;
  std::vector<float> vector;
  std::size_t vectors = 0;
  while (reader.next(line)) {
    if (reader.lineNumber() % 10000 == 0) train::throwIfStopRequested(observer);
    const auto parts = fields(line);
    if (parts.empty()) continue;  // blank lines carry nothing
    if (reader.lineNumber() == 1 && parts.size() == 2 && isCount(parts[0]) && isCount(parts[1])) {
      continue;  // word2vec text header "COUNT DIM"
    }
    if (parts.size() < 2) {
      throw FormatError(where() + ": expected a word followed by its vector, found only '" +
                        std::string(parts[0]) + "'");
    }
    if (dim == 0) {
      dim = parts.size() - 1;
      dimLine = reader.lineNumber();
      values.assign(vocabulary.size() * dim, 0.0f);
      exact.assign(vocabulary.size(), 0);
      filled.assign(vocabulary.size(), 0);
      vector.resize(dim);
    } else if (parts.size() - 1 != dim) {
      throw FormatError(where() + ": '" + std::string(parts[0]) + "' has " +
                        std::to_string(parts.size() - 1) + " values, expected " +
                        std::to_string(dim) + " (the dimension of line " + std::to_string(dimLine) +
                        ")");
    }
    for (std::size_t k = 0; k < dim; ++k) {
      const auto text = parts[k + 1];
      float v = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
        throw FormatError(where() + ": value " + std::to_string(k + 1) + " of '" +
                          std::string(parts[0]) + "' is not a number: '" + std::string(text) + "'");
      }
      vector[k] = v;
    }
    ++vectors;
    const std::string word(parts[0]);
    auto row = vocabulary.id(word);
    bool isExact = true;
    if (row == text::Vocabulary::kUnk && word != text::Vocabulary::kUnkToken) {
      row = vocabulary.id(asciiLowered(word));
      isExact = false;
    }
    if (row < 2) continue;
    const auto r = static_cast<std::size_t>(row);
    if (exact[r] || (filled[r] && !isExact)) continue;  // keep the first, exact matches first
    std::copy(vector.begin(), vector.end(), values.begin() + static_cast<std::ptrdiff_t>(r * dim));
    filled[r] = 1;
    exact[r] = isExact ? 1 : 0;
  }
  if (vectors == 0) throw FormatError(file.string() + ": no word vectors in the file");

  // Words the file does not know get random vectors with the spread of the ones it does.
  double sum = 0, sumSquares = 0;
  std::size_t n = 0;
  for (std::size_t r = 2; r < vocabulary.size(); ++r) {
    if (!filled[r]) continue;
    for (std::size_t k = 0; k < dim; ++k) {
      const double v = values[r * dim + k];
      sum += v;
      sumSquares += v * v;
      ++n;
    }
  }
  const double spread = n > 1 ? std::sqrt(std::max(0.0, sumSquares / static_cast<double>(n) -
                                                            (sum / static_cast<double>(n)) *
                                                                (sum / static_cast<double>(n))))
                              : 0.1;
  auto random = randomEmbedding(vocabulary.size(), dim, seed,
                                static_cast<float>(std::sqrt(3.0) * std::max(spread, 1e-3)));
  EmbeddingMatrix m;
  m.rows = vocabulary.size();
  m.dim = dim;
  m.source = "glove";
  m.values = std::move(values);
  for (std::size_t r = 1; r < m.rows; ++r) {
    if (r >= 2 && filled[r]) {
      ++m.covered;
      continue;
    }
    std::copy(random.row(r), random.row(r) + dim, m.row(r));
  }
  return m;
}

}  // namespace tweetlab::embed
