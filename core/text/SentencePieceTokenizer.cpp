#include "core/text/SentencePieceTokenizer.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Platform.h"
#include "core/text/sentencepiece_shim/SpmShimAbi.h"

namespace tweetlab::text {
namespace {

#ifdef _WIN32
constexpr const char* kShimFile = "libtweetlab_spm_shim.dll";
#else
constexpr const char* kShimFile = "libtweetlab_spm_shim.so";
#endif

// The shim's functions, resolved once per process. The handle is never closed: SentencePiece's
// static state (and its protobuf) must outlive every tokenizer.
struct Shim {
  decltype(&tl_spm_train) train = nullptr;
  decltype(&tl_spm_load) load = nullptr;
  decltype(&tl_spm_close) close = nullptr;
  decltype(&tl_spm_piece_count) pieceCount = nullptr;
  decltype(&tl_spm_encode) encode = nullptr;
  decltype(&tl_spm_free_string) freeString = nullptr;
  std::string location;
  std::string error;  // non-empty when loading failed
};

std::vector<std::filesystem::path> candidates() {
  std::vector<std::filesystem::path> paths;
  if (const char* env = std::getenv("TWEETLAB_SPM_SHIM"); env != nullptr && *env != '\0') {
    paths.emplace_back(env);
  }
  if (const auto exe = platform::executablePath(); !exe.empty()) {
    paths.push_back(exe.parent_path() / kShimFile);
    paths.push_back(exe.parent_path() / ".." / "lib" / "tweetlab" / kShimFile);
  }
#ifdef TWEETLAB_SPM_SHIM_BUILD_PATH
  paths.emplace_back(TWEETLAB_SPM_SHIM_BUILD_PATH);
#endif
  return paths;
}

template <typename F>
bool resolve(void* handle, const char* name, F& out, std::string& error) {
  out = reinterpret_cast<F>(platform::pluginSymbol(handle, name));
  if (out == nullptr) error = std::string("symbol ") + name + " missing";
  return out != nullptr;
}

Shim openShim() {
  Shim shim;
  std::string tried;
  for (const auto& path : candidates()) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      tried += "\n  " + path.string() + " (absent)";
      continue;
    }
    // Isolated (RTLD_DEEPBIND | RTLD_LOCAL on Linux): the shim and SentencePiece resolve
    // protobuf from their own dependencies first, never from the copy LibTorch already loaded,
    // and nothing loaded later binds to theirs.
    std::string openError;
    void* handle = platform::openPlugin(path, openError);
    if (handle == nullptr) {
      tried += "\n  " + path.string() + ": " + openError;
      continue;
    }
    decltype(&tl_spm_abi_version) version = nullptr;
    std::string error;
    if (!resolve(handle, "tl_spm_abi_version", version, error) || version() != TL_SPM_ABI_VERSION) {
      tried += "\n  " + path.string() + ": " + (error.empty() ? "other ABI version" : error);
      continue;
    }
    if (resolve(handle, "tl_spm_train", shim.train, error) &&
        resolve(handle, "tl_spm_load", shim.load, error) &&
        resolve(handle, "tl_spm_close", shim.close, error) &&
        resolve(handle, "tl_spm_piece_count", shim.pieceCount, error) &&
        resolve(handle, "tl_spm_encode", shim.encode, error) &&
        resolve(handle, "tl_spm_free_string", shim.freeString, error)) {
      shim.location = path.string();
      return shim;
    }
    tried += "\n  " + path.string() + ": " + error;
  }
  shim.error = "SentencePiece is not available: " + std::string(kShimFile) +
               " could not be loaded; looked in:" + tried;
  return shim;
}

const Shim& shim() {
  static const Shim s = openShim();
  if (!s.error.empty()) throw Error(s.error);
  return s;
}

// A string the shim allocated, released by the shim.
struct ShimString {
  char* data = nullptr;
  std::size_t size = 0;
  ~ShimString() {
    if (data != nullptr) shim().freeString(data);
  }
  std::string str() const { return {data, size}; }
};

std::string optionsFlags(const SentencePieceOptions& o) {
  std::ostringstream flags;
  // Texts arrive preprocessed (lower-cased, normalised): identity normalisation keeps pieces
  // aligned with the words the rest of TweetLab sees. One thread keeps training repeatable.
  flags << "--vocab_size=" << o.vocabSize << " --model_type=" << o.modelType
        << " --character_coverage=" << o.characterCoverage
        << " --hard_vocab_limit=false --normalization_rule_name=identity --num_threads=1"
        << " --minloglevel=1000 --input_sentence_size=0 --shuffle_input_sentence=false";
  return flags.str();
}

}  // namespace

struct SentencePieceTokenizer::Model {
  std::string serialized;
  tl_spm* processor = nullptr;
  ~Model() {
    if (processor != nullptr) shim().close(processor);
  }
};

SentencePieceTokenizer::SentencePieceTokenizer(std::unique_ptr<Model> model)
    : model_(std::move(model)) {}
SentencePieceTokenizer::SentencePieceTokenizer(SentencePieceTokenizer&&) noexcept = default;
SentencePieceTokenizer& SentencePieceTokenizer::operator=(SentencePieceTokenizer&&) noexcept =
    default;
SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::string SentencePieceTokenizer::shimLocation() {
  try {
    return shim().location;
  } catch (const Error& e) {
    return e.what();
  }
}

SentencePieceTokenizer SentencePieceTokenizer::train(std::span<const std::string> texts,
                                                     const SentencePieceOptions& options) {
  if (options.vocabSize < 4) throw InputError("sentencepiece: vocabulary size must be >= 4");
  if (options.modelType != "unigram" && options.modelType != "bpe" && options.modelType != "char" &&
      options.modelType != "word") {
    throw InputError("sentencepiece: model type must be unigram, bpe, char or word, not '" +
                     options.modelType + "'");
  }
  if (!(options.characterCoverage > 0 && options.characterCoverage <= 1))
    throw InputError("sentencepiece: character coverage must be in (0, 1]");
  std::vector<const char*> sentences;
  sentences.reserve(texts.size());
  for (const auto& t : texts) {
    if (!t.empty()) sentences.push_back(t.c_str());
  }
  if (sentences.empty()) throw InputError("sentencepiece: no training text");
  const auto& s = shim();
  ShimString model;
  char error[512] = {};
  if (s.train(sentences.data(), sentences.size(), optionsFlags(options).c_str(), options.seed,
              &model.data, &model.size, error, sizeof error) != 0) {
    throw Error(std::string("sentencepiece training failed: ") + error);
  }
  auto m = std::make_unique<Model>();
  m->serialized = model.str();
  m->processor = s.load(m->serialized.data(), m->serialized.size(), error, sizeof error);
  if (m->processor == nullptr) throw Error(std::string("sentencepiece: ") + error);
  return SentencePieceTokenizer(std::move(m));
}

SentencePieceTokenizer SentencePieceTokenizer::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError("cannot read " + file.string());
  auto m = std::make_unique<Model>();
  m->serialized.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  char error[512] = {};
  m->processor = shim().load(m->serialized.data(), m->serialized.size(), error, sizeof error);
  if (m->processor == nullptr) {
    throw FormatError(file.string() + ": not a SentencePiece model (" + error + ")");
  }
  return SentencePieceTokenizer(std::move(m));
}

std::string SentencePieceTokenizer::encode(std::string_view text) const {
  ShimString pieces;
  char error[512] = {};
  if (shim().encode(model_->processor, text.data(), text.size(), &pieces.data, &pieces.size, error,
                    sizeof error) != 0) {
    throw Error(std::string("sentencepiece: ") + error);
  }
  return pieces.str();
}

std::vector<std::string> SentencePieceTokenizer::encodeAll(
    std::span<const std::string> texts) const {
  std::vector<std::string> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.push_back(encode(t));
  return out;
}

int SentencePieceTokenizer::pieceCount() const {
  return shim().pieceCount(model_->processor);
}

void SentencePieceTokenizer::save(const std::filesystem::path& file) const {
  writeFileAtomically(file, model_->serialized);  // checks the write and the close (disk full)
}

}  // namespace tweetlab::text
