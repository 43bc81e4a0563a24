#pragma once
// zlib's gzopen for a std::filesystem::path: a Windows path is wide characters, which only
// gzopen_w takes (the byte-string gzopen would go through the ANSI code page).
#include <zlib.h>

#include <filesystem>

namespace tweetlab::embed {

inline gzFile openGz(const std::filesystem::path& file, const char* mode) {
#ifdef _WIN32
  return gzopen_w(file.c_str(), mode);
#else
  return gzopen(file.c_str(), mode);
#endif
}

}  // namespace tweetlab::embed
