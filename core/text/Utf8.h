#pragma once
// UTF-8 helpers for the tweet normaliser and tokenizer. Hand-written because the hot path runs
// over millions of tweets: no locale, no ICU, no allocation per code point.
//
// Invalid bytes: Sentiment140's original file is Latin-1, and readers may hand us such text.
// A byte that does not start a well-formed UTF-8 sequence decodes as the Latin-1 code point of
// the same value, so every function here produces valid UTF-8 and never splits a character.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tweetlab::text::utf8 {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;  // bytes consumed from the input (1..4)
  bool valid = true;       // false when the byte was read as Latin-1
};

// Decodes the code point starting at byte `pos` (pos < text.size()).
CodePoint decode(std::string_view text, std::size_t pos);

// Code point that ends just before byte `pos`, or U+0000 at the start of the text.
char32_t previous(std::string_view text, std::size_t pos);

// True when the whole text is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool isValid(std::string_view text);
// Byte offset of the first byte that does not start a well-formed sequence (overlong forms,
// surrogates, > U+10FFFF, truncated sequences, stray continuation bytes), or nullopt when the
// whole text is valid: where a strict reader (the API's request bodies) says the text breaks.
std::optional<std::size_t> firstInvalid(std::string_view text);

// Code points in `text`; an invalid byte counts as one (its Latin-1 reading).
std::size_t codePointCount(std::string_view text);

void append(std::string& out, char32_t cp);

// Re-encodes `text` so it is valid UTF-8 (invalid bytes read as Latin-1).
std::string sanitize(std::string_view text);

// Control characters: C0 (tab, newline, ESC...), DEL, C1, and the invisible ones that reorder or
// break what a terminal shows (bidirectional overrides and isolates, line/paragraph separators).
bool isControl(char32_t cp);
// True when `text` is valid UTF-8 without control characters: safe to print as it is.
bool isPrintable(std::string_view text);
// `text` made safe for a terminal, a log line or an error message: invalid bytes read as
// Latin-1, control characters written as escapes (\x1b, \n, \u202e), cut after `maxCodePoints`
// code points with "...".
std::string printable(std::string_view text, std::size_t maxCodePoints = 80);

// Simple case mapping: ASCII, Latin-1 Supplement, Latin Extended-A, basic Greek and Cyrillic.
// Other code points are returned unchanged.
char32_t toLower(char32_t cp);
std::string toLower(std::string_view text);

bool isSpace(char32_t cp);
// Empty, or nothing but ASCII spaces, tabs and line ends.
inline bool isBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}
// Letters and digits of any script (approximate block ranges, enough for tweets).
bool isWordChar(char32_t cp);
bool isLetter(char32_t cp);  // isWordChar minus digits
inline bool isAsciiDigit(char32_t cp) {
  return cp >= U'0' && cp <= U'9';
}
inline bool isAsciiAlnum(char32_t cp) {
  return isAsciiDigit(cp) || (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z');
}

// Emoji: U+1F000-1FAFF (incl. flags' regional indicators and skin tones), U+2600-27BF,
// U+2300-23FF, U+2B00-2BFF and a few singles (U+203C, U+2049, U+3030, U+303D, U+3297, U+3299).
bool isEmoji(char32_t cp);
bool isRegionalIndicator(char32_t cp);
// Code points that never stand alone: variation selectors, ZWJ, skin-tone modifiers, keycap,
// tag characters of subdivision flags.
bool isEmojiExtender(char32_t cp);

// Bytes of the emoji cluster starting at `pos`, 0 when none starts there. A cluster is a flag
// (two regional indicators), a keycap ("1" U+FE0F U+20E3), or an emoji followed by extenders
// and ZWJ-joined emoji, so a family emoji or a skin-toned gesture stays one token.
std::size_t emojiClusterLength(std::string_view text, std::size_t pos);
// Cheap test before emojiClusterLength on the hot path: a digit, '#' or '*' followed by the lead
// byte of U+FE0F or U+20E3 may start a keycap.
inline bool mayStartKeycap(std::string_view text, std::size_t pos) {
  const char c = text[pos];
  if (!((c >= '0' && c <= '9') || c == '#' || c == '*') || pos + 1 >= text.size()) return false;
  const auto next = static_cast<unsigned char>(text[pos + 1]);
  return next == 0xEFU || next == 0xE2U;
}

}  // namespace tweetlab::text::utf8
