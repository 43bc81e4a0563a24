#include "core/bert/BasicTokenizer.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/common/Errors.h"
#include "core/text/Utf8.h"

namespace tweetlab::bert {
namespace {

using CodePoints = std::u32string;

CodePoints decodeAll(std::string_view text) {
  CodePoints out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const auto cp = text::utf8::decode(text, pos);
    out.push_back(cp.value);
    pos += cp.length;
  }
  return out;
}

std::string encodeAll(const CodePoints& cps) {
  std::string out;
  out.reserve(cps.size());
  for (auto cp : cps) text::utf8::append(out, cp);
  return out;
}

std::u16string toUtf16(const CodePoints& cps) {
  std::u16string out;
  out.reserve(cps.size());
  for (auto cp : cps) {
    if (cp < 0x10000) {
      out.push_back(static_cast<char16_t>(cp));
    } else {
      out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    }
  }
  return out;
}

CodePoints fromUtf16(const std::u16string& s) {
  CodePoints out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) {
      c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      ++i;
    }
    out.push_back(c);
  }
  return out;
}

// Python's str.lower(): full case mapping (one code point may become two, e.g. U+0130) with the
// final-sigma rule; ICU's root-locale u_strToLower implements the same.
std::u16string lowerFull(const std::u16string& s) {
  std::u16string out(s.size() * 3 + 4, u'\0');
  UErrorCode status = U_ZERO_ERROR;
  const auto n = u_strToLower(
      reinterpret_cast<UChar*>(out.data()), static_cast<int32_t>(out.size()),
      reinterpret_cast<const UChar*>(s.data()), static_cast<int32_t>(s.size()), "", &status);
  if (U_FAILURE(status))
    throw Error(std::string("ICU lower-casing failed: ") + u_errorName(status));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::u16string nfd(const std::u16string& s) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* normalizer = unorm2_getNFDInstance(&status);
  std::u16string out(s.size() * 4 + 4, u'\0');
  const auto n = unorm2_normalize(
      normalizer, reinterpret_cast<const UChar*>(s.data()), static_cast<int32_t>(s.size()),
      reinterpret_cast<UChar*>(out.data()), static_cast<int32_t>(out.size()), &status);
  if (U_FAILURE(status)) throw Error(std::string("ICU NFD failed: ") + u_errorName(status));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Python's str.split() also breaks at U+2028/U+2029 (line/paragraph separators), which the
// cleaning step neither drops (they are Zl/Zp, not C*) nor maps to a space (not Zs).
bool splitsWords(char32_t cp) {
  return cp == U' ' || cp == 0x2028 || cp == 0x2029;
}

}  // namespace

bool isBertWhitespace(char32_t cp) {
  if (cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r') return true;
  return u_charType(static_cast<UChar32>(cp)) == U_SPACE_SEPARATOR;
}

bool isBertControl(char32_t cp) {
  if (cp == U'\t' || cp == U'\n' || cp == U'\r') return false;
  switch (u_charType(static_cast<UChar32>(cp))) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_SURROGATE:
    case U_PRIVATE_USE_CHAR:
    case U_UNASSIGNED:
      return true;
    default:
      return false;
  }
}

bool isBertPunctuation(char32_t cp) {
  // All non-alphanumeric ASCII counts, '$' '^' '`' too, though Unicode calls them symbols.
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) ||
      (cp >= 123 && cp <= 126)) {
    return true;
  }
  switch (u_charType(static_cast<UChar32>(cp))) {
    case U_CONNECTOR_PUNCTUATION:
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
      return true;
    default:
      return false;
  }
}

bool isCjkIdeograph(char32_t cp) {
  // The CJK Unified Ideographs blocks the reference lists; Hangul and kana are not among them.
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F) ||
         (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

std::vector<std::string> BasicTokenizer::tokenize(std::string_view text) const {
  // Clean and space out CJK in one pass.
  CodePoints cleaned;
  cleaned.reserve(text.size());
  for (auto cp : decodeAll(text)) {
    if (cp == 0 || cp == 0xFFFD || isBertControl(cp)) continue;
    if (isBertWhitespace(cp)) {
      cleaned.push_back(U' ');
    } else if (options_.splitCjk && isCjkIdeograph(cp)) {
      cleaned.append({U' ', cp, U' '});
    } else {
      cleaned.push_back(cp);
    }
  }

  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < cleaned.size()) {
    while (start < cleaned.size() && splitsWords(cleaned[start])) ++start;
    std::size_t end = start;
    while (end < cleaned.size() && !splitsWords(cleaned[end])) ++end;
    if (end == start) break;
    CodePoints word(cleaned.begin() + static_cast<std::ptrdiff_t>(start),
                    cleaned.begin() + static_cast<std::ptrdiff_t>(end));
    start = end;
    if (options_.lowercase || options_.stripAccents) {
      auto utf16 = toUtf16(word);
      if (options_.lowercase) utf16 = lowerFull(utf16);
      if (options_.stripAccents) utf16 = nfd(utf16);
      word = fromUtf16(utf16);
      if (options_.stripAccents) {
        std::erase_if(word, [](char32_t c) {
          return u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK;
        });
      }
    }
    // Every punctuation character becomes a token of its own.
    CodePoints piece;
    for (auto c : word) {
      if (isBertPunctuation(c)) {
        if (!piece.empty()) out.push_back(encodeAll(piece));
        piece.clear();
        out.push_back(encodeAll(CodePoints(1, c)));
      } else {
        piece.push_back(c);
      }
    }
    if (!piece.empty()) out.push_back(encodeAll(piece));
  }
  return out;
}

}  // namespace tweetlab::bert
