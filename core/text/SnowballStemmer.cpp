#include "core/text/SnowballStemmer.h"

#include <libstemmer.h>

#include <memory>

#include "core/common/Errors.h"

namespace tweetlab::text {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

StemmerPtr makeEnglish() {
  StemmerPtr s(sb_stemmer_new("english", "UTF_8"));
  if (!s)
    throw Error("libstemmer: the Snowball 'english' algorithm is not available (out of memory?)");
  return s;
}

sb_stemmer& threadStemmer() {
  thread_local StemmerPtr stemmer = makeEnglish();
  return *stemmer;
}

}  // namespace

SnowballStemmer::SnowballStemmer() {
  threadStemmer();
}

std::string SnowballStemmer::stem(std::string_view word) const {
  if (word.empty()) return {};
  sb_stemmer& s = threadStemmer();
  // libstemmer reads exactly `size` bytes from an sb_symbol (unsigned char) buffer.
  const auto* input = reinterpret_cast<const sb_symbol*>(word.data());
  const sb_symbol* out = sb_stemmer_stem(&s, input, static_cast<int>(word.size()));
  if (out == nullptr) throw Error("libstemmer: out of memory while stemming");
  return {reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(&s))};
}

}  // namespace tweetlab::text
