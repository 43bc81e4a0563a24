#pragma once
// What a user sees of an exception from a library: one line, bounded, printable.
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace tweetlab {

// The first line of an error message, at most `maxChars` bytes, without control characters.
// LibTorch appends a backtrace of twenty-odd lines to its messages; other libraries quote
// megabytes of their input.
inline std::string firstLine(std::string_view message, std::size_t maxChars = 300) {
  message = message.substr(0, message.find('\n'));
  while (!message.empty() && (message.back() == '\r' || message.back() == ' ')) {
    message.remove_suffix(1);
  }
  std::string out(message.substr(0, maxChars));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (message.size() > maxChars) {
    // Never end inside a UTF-8 sequence.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    out += "...";
  }
  return out;
}

// Why a write failed, for people: a full disk or a file-size limit said in words.
inline std::string writeErrorText(int err) {
  if (err == ENOSPC) return "disk full";
  if (err == EFBIG) return "file too large for this system or user (disk quota?)";
  if (err == 0) return "unknown error";
  return std::strerror(err);
}

}  // namespace tweetlab
