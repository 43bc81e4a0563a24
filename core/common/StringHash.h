#pragma once
// A transparent hash: unordered containers keyed by std::string can then be probed with a
// std::string_view (with std::equal_to<>) without building a std::string per lookup.
#include <cstddef>
#include <functional>
#include <string_view>

namespace tweetlab {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

}  // namespace tweetlab
