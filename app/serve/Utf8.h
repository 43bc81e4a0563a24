#pragma once
// Strict UTF-8 checks for request bodies: the model and the feedback log only ever see valid text.
#include <cstddef>
#include <optional>
#include <string_view>

namespace tweetlab::serve {

// Byte offset of the first invalid sequence (overlong forms, surrogates, > U+10FFFF, truncated
// sequences), or nullopt when `bytes` is valid UTF-8.
std::optional<std::size_t> firstInvalidUtf8(std::string_view bytes);

// Number of code points in valid UTF-8.
std::size_t codePointCount(std::string_view utf8);

}  // namespace tweetlab::serve
