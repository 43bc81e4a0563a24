#include "core/models/FastTextModelFile.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "core/common/Errors.h"
#include "core/common/RegularFile.h"

namespace tweetlab::models {
namespace {

constexpr std::int32_t kMagic = 793712314;  // FASTTEXT_FILEFORMAT_MAGIC_INT32
constexpr std::int32_t kVersion = 12;       // FASTTEXT_VERSION of 0.9.2
constexpr std::int32_t kLossHs = 1, kLossOva = 4;
constexpr std::int32_t kModelSupervised = 3;
constexpr std::int64_t kMaxDim = 10000;
constexpr std::int32_t kMaxEntries = 50'000'000;
constexpr std::size_t kMaxWordBytes = 4096;  // longer "words" would cost their length squared
constexpr std::int32_t kMaxNgramLength = 16;

// Sequential little-endian reads over the file with its length known: every read says what
// it was reading, so a truncated file is reported as "ends inside <what>".
class Reader {
 public:
  Reader(RegularFile& file, const std::string& name) : file_(file), name_(name) {}

  [[noreturn]] void fail(const std::string& why) const {
    throw FormatError(name_ + ": not a TweetLab fastText model (" + why + ")");
  }

  template <typename T>
  T read(const char* what) {
    T value{};
    bytes(reinterpret_cast<char*>(&value), sizeof value, what);
    return value;
  }

  std::string word(const char* what) {
    std::string out;
    while (true) {
      if (pos_ >= file_.size()) fail(std::string("ends inside ") + what);
      const char c = byte(what);
      if (c == '\0') return out;
      if (out.size() == kMaxWordBytes) fail(std::string(what) + " longer than 4096 bytes");
      out.push_back(c);
    }
  }

  void skip(std::uint64_t n, const char* what) {
    if (n > file_.size() - pos_) fail(std::string("ends inside ") + what);
    pos_ += n;
    file_.seek(pos_);
    bufferEnd_ = bufferPos_ = 0;
  }

  std::uint64_t remaining() const { return file_.size() - pos_; }

 private:
  char byte(const char* what) {
    if (bufferPos_ == bufferEnd_) {
      bufferEnd_ = file_.read(buffer_.data(), buffer_.size());
      bufferPos_ = 0;
      if (bufferEnd_ == 0) fail(std::string("ends inside ") + what);
    }
    ++pos_;
    return buffer_[bufferPos_++];
  }

  void bytes(char* out, std::size_t n, const char* what) {
    if (n > remaining()) fail(std::string("ends inside ") + what);
    for (std::size_t i = 0; i < n; ++i) out[i] = byte(what);
  }

  RegularFile& file_;
  const std::string& name_;
  std::uint64_t pos_ = 0;
  std::array<char, 1 << 16> buffer_{};
  std::size_t bufferPos_ = 0;
  std::size_t bufferEnd_ = 0;
};

struct Args {
  std::int32_t dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn, maxn,
      lrUpdateRate;
  double t;
};

// One dense matrix; returns its rows and columns after checking its data is all there.
std::pair<std::int64_t, std::int64_t> matrix(Reader& in, const char* what) {
  const auto rows = in.read<std::int64_t>(what);
  const auto cols = in.read<std::int64_t>(what);
  if (rows < 0 || cols < 1 || cols > kMaxDim) in.fail(std::string(what) + " has a bad shape");
  const auto bytes = static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols) * 4u;
  if (static_cast<std::uint64_t>(rows) > in.remaining() || bytes > in.remaining()) {
    in.fail(std::string("ends inside ") + what);
  }
  in.skip(bytes, what);
  return {rows, cols};
}

}  // namespace

void checkFastTextModelFile(const std::filesystem::path& file) {
  RegularFile regular(file);
  const std::string name = file.string();
  Reader in(regular, name);
  if (in.read<std::int32_t>("the header") != kMagic) in.fail("no fastText header");
  const auto version = in.read<std::int32_t>("the header");
  if (version != kVersion) in.fail("format version " + std::to_string(version) + ", not 12");

  Args a{};
  for (std::int32_t* field : {&a.dim, &a.ws, &a.epoch, &a.minCount, &a.neg, &a.wordNgrams, &a.loss,
                              &a.model, &a.bucket, &a.minn, &a.maxn, &a.lrUpdateRate}) {
    *field = in.read<std::int32_t>("the arguments");
  }
  a.t = in.read<double>("the arguments");
  if (a.model != kModelSupervised) in.fail("not a supervised model");
  if (a.loss < kLossHs || a.loss > kLossOva) in.fail("unknown loss " + std::to_string(a.loss));
  if (a.dim < 1 || a.dim > kMaxDim) in.fail("dimension " + std::to_string(a.dim));
  if (a.wordNgrams < 1 || a.wordNgrams > 10)
    in.fail("word n-grams " + std::to_string(a.wordNgrams));
  if (a.minn < 0 || a.maxn < 0 || a.minn > a.maxn || a.maxn > kMaxNgramLength)
    in.fail("character n-grams " + std::to_string(a.minn) + "-" + std::to_string(a.maxn));
  if (a.bucket < 0) in.fail("negative bucket count");
  if ((a.wordNgrams > 1 || a.maxn > 0) && a.bucket == 0) in.fail("n-grams without buckets");
  if (a.neg < 0) in.fail("negative sample count");

  const auto size = in.read<std::int32_t>("the dictionary");
  const auto nwords = in.read<std::int32_t>("the dictionary");
  const auto nlabels = in.read<std::int32_t>("the dictionary");
  const auto ntokens = in.read<std::int64_t>("the dictionary");
  const auto pruned = in.read<std::int64_t>("the dictionary");
  if (size < 1 || size > kMaxEntries || nwords < 0 || nlabels < 0 || nwords + nlabels != size)
    in.fail("dictionary sizes disagree");
  if (ntokens < 1) in.fail("dictionary token count");
  if (pruned != -1) in.fail("a pruned or quantised model, which TweetLab does not write");
  // Each entry takes at least 10 bytes: a dictionary larger than the file is truncated.
  if (static_cast<std::uint64_t>(size) * 10u > in.remaining())
    in.fail("ends inside the dictionary");
  std::set<std::string> labels;
  for (std::int32_t i = 0; i < size; ++i) {
    auto word = in.word("the dictionary");
    const auto count = in.read<std::int64_t>("the dictionary");
    const auto type = in.read<std::int8_t>("the dictionary");
    if (count < 0) in.fail("negative word count");
    // Words come first, then labels: libfasttext finds label i at entry nwords + i.
    if (type != (i < nwords ? 0 : 1))
      in.fail("dictionary entry " + std::to_string(i) + " has the wrong type");
    if (type == 1) labels.insert(std::move(word));
  }
  if (labels != std::set<std::string>{"__label__0", "__label__1"})
    in.fail("labels are not __label__0 and __label__1");

  if (in.read<std::int8_t>("the input matrix") != 0) in.fail("quantised input");
  const auto [inputRows, inputCols] = matrix(in, "the input matrix");
  if (inputRows != static_cast<std::int64_t>(nwords) + a.bucket || inputCols != a.dim)
    in.fail("input matrix shape disagrees with the dictionary");
  if (in.read<std::int8_t>("the output matrix") != 0) in.fail("quantised output");
  const auto [outputRows, outputCols] = matrix(in, "the output matrix");
  if (outputRows != nlabels || outputCols != a.dim)
    in.fail("output matrix shape disagrees with the labels");
  if (in.remaining() != 0) in.fail(std::to_string(in.remaining()) + " bytes after the model");
}

}  // namespace tweetlab::models
