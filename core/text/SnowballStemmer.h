#pragma once
// Snowball English (Porter2) stemmer from libstemmer. "studies" -> "studi", "running" -> "run".
//
// libstemmer's sb_stemmer keeps its work buffer inside the object, so one object cannot serve
// two threads. stem() uses one sb_stemmer per thread (created on first use, freed when the
// thread ends), which makes it const and safe to call from any number of threads without locks.
#include <string>
#include <string_view>

namespace tweetlab::text {

class SnowballStemmer {
 public:
  // Throws tweetlab::Error if libstemmer lacks the English algorithm.
  SnowballStemmer();

  // Stems one word as libstemmer does (no lowercasing: pass lowercased text for the usual
  // result). Empty input gives empty output.
  std::string stem(std::string_view word) const;
};

}  // namespace tweetlab::text
