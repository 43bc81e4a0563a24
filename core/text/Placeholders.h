#pragma once
// Tokens the normaliser writes in place of things whose exact text carries no signal. They are
// written in angle brackets so that no real word collides with them, and the tokenizer keeps
// each as one token.
#include <array>
#include <string_view>

namespace tweetlab::text::placeholder {

inline constexpr std::string_view kUrl = "<url>";
inline constexpr std::string_view kUser = "<user>";
inline constexpr std::string_view kNumber = "<number>";
// Emoticon classes (see Emoticons.h for which emoticon maps to which).
inline constexpr std::string_view kSmile = "<smile>";
inline constexpr std::string_view kLaugh = "<laugh>";
inline constexpr std::string_view kWink = "<wink>";
inline constexpr std::string_view kTongue = "<tongue>";
inline constexpr std::string_view kSad = "<sad>";
inline constexpr std::string_view kNeutral = "<neutral>";
inline constexpr std::string_view kHeart = "<heart>";

inline constexpr std::array<std::string_view, 10> kAll{kUrl,  kUser,   kNumber, kSmile,   kLaugh,
                                                       kWink, kTongue, kSad,    kNeutral, kHeart};

// Length of the placeholder that starts `text`, 0 when none does.
constexpr std::size_t matchAt(std::string_view text) {
  if (text.empty() || text.front() != '<') return 0;
  for (std::string_view p : kAll) {
    if (text.starts_with(p)) return p.size();
  }
  return 0;
}

}  // namespace tweetlab::text::placeholder
