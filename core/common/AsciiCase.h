#pragma once
// ASCII case folding for names and keys: CSV headers, file extensions, HTTP header names,
// connection-string keys, run filters. Only A-Z change. std::tolower would follow the process's
// C locale, which the workbench takes from the environment (Qt calls setlocale): under a
// Latin-1 locale it rewrites bytes of UTF-8 text. Tweets are folded by core/text's Unicode-aware
// functions instead.
#include <string>
#include <string_view>

namespace tweetlab {

constexpr char asciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string asciiLowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = asciiLower(c);
  return out;
}

}  // namespace tweetlab
