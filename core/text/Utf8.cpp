#include "core/text/Utf8.h"

#include <cstdio>

namespace tweetlab::text::utf8 {
namespace {

constexpr bool isContinuation(unsigned char b) {
  return (b & 0xC0U) == 0x80U;
}

constexpr bool inRange(char32_t cp, char32_t lo, char32_t hi) {
  return cp >= lo && cp <= hi;
}

}  // namespace

CodePoint decode(std::string_view text, std::size_t pos) {
  const auto byteAt = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byteAt(pos);
  const std::size_t left = text.size() - pos;
  if (b0 < 0x80U) return {b0, 1, true};
  const CodePoint latin1{b0, 1, false};
  if (b0 >= 0xC2U && b0 <= 0xDFU) {
    if (left < 2 || !isContinuation(byteAt(pos + 1))) return latin1;
    return {(char32_t{b0} & 0x1FU) << 6 | (char32_t{byteAt(pos + 1)} & 0x3FU), 2, true};
  }
  if (b0 >= 0xE0U && b0 <= 0xEFU) {
    if (left < 3) return latin1;
    const unsigned char b1 = byteAt(pos + 1);
    // Reject overlong forms (E0 80..9F) and UTF-16 surrogates (ED A0..BF).
    const unsigned char lo = b0 == 0xE0U ? 0xA0U : 0x80U;
    const unsigned char hi = b0 == 0xEDU ? 0x9FU : 0xBFU;
    if (b1 < lo || b1 > hi || !isContinuation(byteAt(pos + 2))) return latin1;
    return {(char32_t{b0} & 0x0FU) << 12 | (char32_t{b1} & 0x3FU) << 6 |
                (char32_t{byteAt(pos + 2)} & 0x3FU),
            3, true};
  }
  if (b0 >= 0xF0U && b0 <= 0xF4U) {
    if (left < 4) return latin1;
    const unsigned char b1 = byteAt(pos + 1);
    const unsigned char lo = b0 == 0xF0U ? 0x90U : 0x80U;
    const unsigned char hi = b0 == 0xF4U ? 0x8FU : 0xBFU;
    if (b1 < lo || b1 > hi || !isContinuation(byteAt(pos + 2)) ||
        !isContinuation(byteAt(pos + 3))) {
      return latin1;
    }
    return {(char32_t{b0} & 0x07U) << 18 | (char32_t{b1} & 0x3FU) << 12 |
                (char32_t{byteAt(pos + 2)} & 0x3FU) << 6 | (char32_t{byteAt(pos + 3)} & 0x3FU),
            4, true};
  }
  return latin1;
}

char32_t previous(std::string_view text, std::size_t pos) {
  if (pos == 0) return 0;
  for (std::size_t k = 1; k <= 4 && k <= pos; ++k) {
    const auto b = static_cast<unsigned char>(text[pos - k]);
    if (!isContinuation(b)) {
      const CodePoint cp = decode(text, pos - k);
      if (cp.length == k) return cp.value;
      break;
    }
  }
  return decode(text, pos - 1).value;
}

bool isValid(std::string_view text) {
  return !firstInvalid(text).has_value();
}

std::optional<std::size_t> firstInvalid(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode(text, i);
    if (!cp.valid) return i;
    i += cp.length;
  }
  return std::nullopt;
}

std::size_t codePointCount(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); i += decode(text, i).length) ++count;
  return count;
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80U) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800U) {
    out.push_back(static_cast<char>(0xC0U | (cp >> 6)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else if (cp < 0x10000U) {
    out.push_back(static_cast<char>(0xE0U | (cp >> 12)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xF0U | (cp >> 18)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 12) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  }
}

std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode(text, i);
    append(out, cp.value);
    i += cp.length;
  }
  return out;
}

bool isControl(char32_t cp) {
  return cp < 0x20U || inRange(cp, 0x7FU, 0x9FU) || inRange(cp, 0x200EU, 0x200FU) ||
         inRange(cp, 0x2028U, 0x202EU) || inRange(cp, 0x2066U, 0x2069U);
}

bool isPrintable(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode(text, i);
    if (!cp.valid || isControl(cp.value)) return false;
    i += cp.length;
  }
  return true;
}

std::string printable(std::string_view text, std::size_t maxCodePoints) {
  std::string out;
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    if (count == maxCodePoints) {
      out += "...";
      break;
    }
    const CodePoint cp = decode(text, i);
    i += cp.length;
    if (!isControl(cp.value)) {
      append(out, cp.value);
      continue;
    }
    char escape[12];
    if (cp.value == U'\n') {
      out += "\\n";
    } else if (cp.value == U'\t') {
      out += "\\t";
    } else if (cp.value == U'\r') {
      out += "\\r";
    } else if (cp.value < 0x100U) {
      std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(cp.value));
      out += escape;
    } else {
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(cp.value));
      out += escape;
    }
  }
  return out;
}

char32_t toLower(char32_t cp) {
  if (cp < 0x80U) return (cp >= U'A' && cp <= U'Z') ? cp + 32 : cp;
  if (cp < 0x100U) return (cp >= 0xC0U && cp <= 0xDEU && cp != 0xD7U) ? cp + 32 : cp;
  if (cp <= 0x17FU) {
    if (cp == 0x130U) return U'i';  // dotted capital I; the dot is dropped (no full case mapping)
    if (cp == 0x178U) return 0xFFU;
    if (inRange(cp, 0x100U, 0x137U) || inRange(cp, 0x14AU, 0x177U))
      return (cp % 2 == 0) ? cp + 1 : cp;
    if (inRange(cp, 0x139U, 0x148U) || inRange(cp, 0x179U, 0x17EU))
      return (cp % 2 == 1) ? cp + 1 : cp;
    return cp;
  }
  if (inRange(cp, 0x391U, 0x3A9U) && cp != 0x3A2U) return cp + 32;
  if (cp == 0x386U) return 0x3ACU;
  if (inRange(cp, 0x388U, 0x38AU)) return cp + 37;
  if (cp == 0x38CU) return 0x3CCU;
  if (cp == 0x38EU || cp == 0x38FU) return cp + 63;
  if (inRange(cp, 0x410U, 0x42FU)) return cp + 32;
  if (inRange(cp, 0x400U, 0x40FU)) return cp + 80;
  return cp;
}

std::string toLower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode(text, i);
    append(out, toLower(cp.value));
    i += cp.length;
  }
  return out;
}

bool isSpace(char32_t cp) {
  if (cp < 0x80U) return cp == U' ' || (cp >= U'\t' && cp <= U'\r');
  return cp == 0x85U || cp == 0xA0U || cp == 0x1680U || inRange(cp, 0x2000U, 0x200BU) ||
         cp == 0x2028U || cp == 0x2029U || cp == 0x202FU || cp == 0x205FU || cp == 0x3000U ||
         cp == 0xFEFFU;
}

bool isWordChar(char32_t cp) {
  if (cp < 0x80U) return isAsciiAlnum(cp);
  if (cp < 0xC0U) return cp == 0xAAU || cp == 0xB5U || cp == 0xBAU;
  if (cp < 0x2000U) return cp != 0xD7U && cp != 0xF7U;  // Latin ... Greek extended, incl. marks
  if (cp < 0x2C00U) return false;                       // punctuation, symbols, arrows, dingbats
  if (cp < 0x2E00U) return true;
  if (cp < 0x2E80U) return false;                          // supplemental punctuation
  if (cp < 0x3000U) return true;                           // CJK radicals
  if (cp < 0x3040U) return inRange(cp, 0x3005U, 0x3007U);  // CJK punctuation, iteration marks
  if (cp < 0xD800U) return cp != 0x30FBU && cp != 0x3030U && cp != 0x303DU;
  if (cp < 0xF900U) return false;  // surrogates, private use
  if (cp < 0xFE00U) return true;
  if (cp < 0xFE70U) return false;  // variation selectors, CJK forms
  if (cp < 0xFF00U) return cp != 0xFEFFU;
  if (cp < 0xFFF0U) {
    return inRange(cp, 0xFF10U, 0xFF19U) || inRange(cp, 0xFF21U, 0xFF3AU) ||
           inRange(cp, 0xFF41U, 0xFF5AU) || inRange(cp, 0xFF66U, 0xFFDCU);
  }
  if (cp < 0x10000U) return false;
  if (cp < 0x1F000U) return true;   // historic scripts, math alphanumerics
  if (cp < 0x20000U) return false;  // emoji and symbols
  return cp < 0x40000U;             // CJK extensions
}

bool isLetter(char32_t cp) {
  return isWordChar(cp) && !isAsciiDigit(cp) && !inRange(cp, 0xFF10U, 0xFF19U);
}

bool isRegionalIndicator(char32_t cp) {
  return inRange(cp, 0x1F1E6U, 0x1F1FFU);
}

bool isEmoji(char32_t cp) {
  return inRange(cp, 0x1F000U, 0x1FAFFU) || inRange(cp, 0x2600U, 0x27BFU) ||
         inRange(cp, 0x2300U, 0x23FFU) || inRange(cp, 0x2B00U, 0x2BFFU) || cp == 0x203CU ||
         cp == 0x2049U || cp == 0x3030U || cp == 0x303DU || cp == 0x3297U || cp == 0x3299U;
}

bool isEmojiExtender(char32_t cp) {
  return inRange(cp, 0xFE00U, 0xFE0FU) || cp == 0x200DU || inRange(cp, 0x1F3FBU, 0x1F3FFU) ||
         cp == 0x20E3U || inRange(cp, 0xE0020U, 0xE007FU);
}

std::size_t emojiClusterLength(std::string_view text, std::size_t pos) {
  const CodePoint first = decode(text, pos);
  const std::size_t n = text.size();
  const char32_t c = first.value;
  if (isAsciiDigit(c) || c == U'#' || c == U'*') {
    std::size_t j = pos + 1;
    if (j < n && decode(text, j).value == 0xFE0FU) j += 3;
    if (j < n && decode(text, j).value == 0x20E3U) return j + 3 - pos;
    return 0;
  }
  if (isRegionalIndicator(c)) {
    const std::size_t j = pos + first.length;
    if (j < n) {
      const CodePoint second = decode(text, j);
      if (isRegionalIndicator(second.value)) return j + second.length - pos;
    }
    return first.length;
  }
  if (!isEmoji(c)) return 0;
  std::size_t j = pos + first.length;
  while (j < n) {
    const CodePoint next = decode(text, j);
    if (next.value == 0x200DU) {
      // A ZWJ only extends the cluster when another emoji follows it.
      const std::size_t k = j + next.length;
      if (k >= n) break;
      const CodePoint joined = decode(text, k);
      if (!isEmoji(joined.value)) break;
      j = k + joined.length;
    } else if (isEmojiExtender(next.value)) {
      j += next.length;
    } else {
      break;
    }
  }
  return j - pos;
}

}  // namespace tweetlab::text::utf8
