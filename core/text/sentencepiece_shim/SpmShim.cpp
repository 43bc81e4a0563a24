// libtweetlab_spm_shim: SentencePiece behind a C ABI (see SpmShimAbi.h for why).
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "core/text/sentencepiece_shim/SpmShimAbi.h"

// Exported by libsentencepiece but not declared in its public headers.
namespace sentencepiece::logging {
void SetMinLogLevel(int level);
}

struct tl_spm {
  sentencepiece::SentencePieceProcessor processor;
};

namespace {

// SentencePiece logs through std::cerr. Under RTLD_DEEPBIND it binds to libstdc++'s own std::cerr,
// which is never constructed when the executable holds a copy-relocated std::cerr (any program
// that prints with iostreams): the first log line segfaults (seen in Trainer::Train's "Running
// command"). Errors come back as status values anyway, so SentencePiece is kept silent.
void silenceLogging() {
  static const bool done = [] {
    sentencepiece::logging::SetMinLogLevel(1000);
    return true;
  }();
  static_cast<void>(done);
}

void setError(char* error, size_t size, const std::string& message) {
  if (error == nullptr || size == 0) return;
  const size_t n = std::min(size - 1, message.size());
  std::memcpy(error, message.data(), n);
  error[n] = '\0';
}

// malloc'd copy: released by tl_spm_free_string in this same module.
char* copyOut(const std::string& s, size_t* size) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  *size = s.size();
  return out;
}

// Feeds the caller's sentences to the trainer without a temporary file.
class ArrayIterator final : public sentencepiece::SentenceIterator {
 public:
  ArrayIterator(const char* const* sentences, size_t count) : sentences_(sentences), count_(count) {
    load();
  }
  bool done() const override { return index_ >= count_; }
  void Next() override {
    ++index_;
    load();
  }
  const std::string& value() const override { return value_; }
  sentencepiece::util::Status status() const override { return {}; }

 private:
  void load() {
    if (index_ < count_) value_ = sentences_[index_] != nullptr ? sentences_[index_] : "";
  }
  const char* const* sentences_;
  size_t count_;
  size_t index_ = 0;
  std::string value_;
};

}  // namespace

extern "C" {

int tl_spm_abi_version(void) {
  return TL_SPM_ABI_VERSION;
}

int tl_spm_train(const char* const* sentences, size_t count, const char* options, unsigned seed,
                 char** model, size_t* model_size, char* error, size_t error_size) {
  try {
    silenceLogging();
    sentencepiece::SetRandomGeneratorSeed(seed);
    ArrayIterator iterator(sentences, count);
    std::string serialized;
    const auto status = sentencepiece::SentencePieceTrainer::Train(
        options != nullptr ? options : "", &iterator, &serialized);
    if (!status.ok()) {
      setError(error, error_size, status.ToString());
      return 1;
    }
    *model = copyOut(serialized, model_size);
    if (*model == nullptr) {
      setError(error, error_size, "out of memory");
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    setError(error, error_size, e.what());
    return 1;
  }
}

tl_spm* tl_spm_load(const char* model, size_t model_size, char* error, size_t error_size) {
  try {
    silenceLogging();
    auto* p = new tl_spm;
    const auto status = p->processor.LoadFromSerializedProto(std::string(model, model_size));
    if (!status.ok()) {
      setError(error, error_size, status.ToString());
      delete p;
      return nullptr;
    }
    return p;
  } catch (const std::exception& e) {
    setError(error, error_size, e.what());
    return nullptr;
  }
}

void tl_spm_close(tl_spm* processor) {
  delete processor;
}

int tl_spm_piece_count(const tl_spm* processor) {
  return processor->processor.GetPieceSize();
}

int tl_spm_encode(const tl_spm* processor, const char* text, size_t size, char** pieces,
                  size_t* pieces_size, char* error, size_t error_size) {
  try {
    std::vector<std::string> out;
    const auto status = processor->processor.Encode(std::string_view(text, size), &out);
    if (!status.ok()) {
      setError(error, error_size, status.ToString());
      return 1;
    }
    std::string joined;
    for (const auto& piece : out) {
      if (!joined.empty()) joined += ' ';
      joined += piece;
    }
    *pieces = copyOut(joined, pieces_size);
    if (*pieces == nullptr) {
      setError(error, error_size, "out of memory");
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    setError(error, error_size, e.what());
    return 1;
  }
}

void tl_spm_free_string(char* s) {
  std::free(s);
}

}  // extern "C"
