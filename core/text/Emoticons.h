#pragma once
// Western and a few eastern emoticons, each mapped to one of the placeholder classes
// <smile> <laugh> <wink> <tongue> <sad> <neutral> <heart>. Mapping (rather than keeping them
// as written) makes ":)" ":-)" "=)" one feature and lets lowercasing run without breaking ":D".
#include <cstddef>
#include <optional>
#include <string_view>

namespace tweetlab::text {

struct EmoticonMatch {
  std::size_t length = 0;      // bytes of the emoticon in the text, repeats included (":)))")
  std::string_view canonical;  // one of the placeholder::kSmile ... kHeart tokens
};

// Matches an emoticon starting at byte `pos`. Boundaries: an emoticon that starts with a
// letter or digit ("xD", "8)") needs a non-word character before it, and one that ends with a
// letter or digit (":D", ":P", "<3") needs a non-word character after it, so "boxD" or "10:30"
// are left alone. The emoticon's last character may repeat (":)))", ":DDD", "<333").
std::optional<EmoticonMatch> matchEmoticon(std::string_view text, std::size_t pos);

}  // namespace tweetlab::text
