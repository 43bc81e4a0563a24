#include "core/text/HtmlEntities.h"

#include <algorithm>
#include <array>
#include <optional>

#include "core/text/Utf8.h"

namespace tweetlab::text {
namespace {

struct Entity {
  std::string_view name;
  char32_t cp;
};

constexpr std::array kNamed{Entity{"amp", U'&'}, Entity{"quot", U'"'},  Entity{"lt", U'<'},
                            Entity{"gt", U'>'},  Entity{"apos", U'\''}, Entity{"nbsp", 0xA0U}};

constexpr std::size_t kMaxEntityLength = 10;  // "&#x10FFFF;" is the longest we accept

struct Decoded {
  char32_t cp;
  std::size_t length;  // bytes from '&' to ';' inclusive
};

std::optional<char32_t> parseNumeric(std::string_view digits, bool hex) {
  if (digits.empty()) return std::nullopt;
  char32_t value = 0;
  for (char c : digits) {
    unsigned digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      digit = static_cast<unsigned>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      digit = static_cast<unsigned>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    value = value * (hex ? 16U : 10U) + digit;
    if (value > 0x10FFFFU) return std::nullopt;
  }
  if (value == 0 || (value >= 0xD800U && value <= 0xDFFFU)) return std::nullopt;
  return value;
}

std::optional<Decoded> decodeAt(std::string_view text, std::size_t amp) {
  const std::size_t limit = std::min(text.size(), amp + kMaxEntityLength + 1);
  std::size_t semi = amp + 1;
  while (semi < limit && text[semi] != ';' && text[semi] != '&') ++semi;
  if (semi >= limit || text[semi] != ';') return std::nullopt;
  const std::string_view body = text.substr(amp + 1, semi - amp - 1);
  const std::size_t length = semi - amp + 1;
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    auto cp = parseNumeric(body.substr(hex ? 2 : 1), hex);
    if (!cp) return std::nullopt;
    return Decoded{*cp, length};
  }
  for (const auto& e : kNamed) {
    if (body == e.name) return Decoded{e.cp, length};
  }
  return std::nullopt;
}

}  // namespace

std::string decodeHtmlEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t amp = text.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, amp - i));
    if (auto d = decodeAt(text, amp)) {
      utf8::append(out, d->cp);
      i = amp + d->length;
    } else {
      out.push_back('&');
      i = amp + 1;
    }
  }
  return out;
}

}  // namespace tweetlab::text
