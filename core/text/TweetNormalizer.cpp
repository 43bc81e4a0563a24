#include "core/text/TweetNormalizer.h"

#include "core/common/AsciiCase.h"
#include "core/text/Emoticons.h"
#include "core/text/HtmlEntities.h"
#include "core/text/Placeholders.h"
#include "core/text/Utf8.h"

namespace tweetlab::text {
namespace {

bool startsWithNoCase(std::string_view text, std::size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (asciiLower(text[pos + k]) != prefix[k]) return false;
  }
  return true;
}

constexpr bool isUrlTrailingPunct(char c) {
  return c == '.' || c == ',' || c == '!' || c == '?' || c == ';' || c == ':' || c == ')' ||
         c == '\'' || c == '"';
}

constexpr bool isMentionChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

constexpr bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// Appends to the output while collapsing whitespace and squeezing letter repeats; the repeat
// counter resets whenever anything other than a plain code point is written.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out), start_(out.size()) {}

  void space() {
    if (out_.size() > start_ && out_.back() != ' ') out_.push_back(' ');
    resetRun();
  }
  void token(std::string_view t) {
    space();
    out_.append(t);
    out_.push_back(' ');
  }
  void verbatim(std::string_view t) {
    out_.append(t);
    resetRun();
  }
  void codePoint(char32_t cp, bool squeezable) {
    if (squeezable) {
      if (cp == runCp_) {
        if (++runLength_ > 2) return;
      } else {
        runCp_ = cp;
        runLength_ = 1;
      }
    } else {
      resetRun();
    }
    utf8::append(out_, cp);
  }
  void finish() {
    while (out_.size() > start_ && out_.back() == ' ') out_.pop_back();
  }

 private:
  void resetRun() {
    runCp_ = 0;
    runLength_ = 0;
  }

  std::string& out_;
  std::size_t start_;
  char32_t runCp_ = 0;
  int runLength_ = 0;
};

}  // namespace

std::size_t urlLengthAt(std::string_view text, std::size_t pos) {
  std::size_t prefix = 0;
  if (startsWithNoCase(text, pos, "http://")) {
    prefix = 7;
  } else if (startsWithNoCase(text, pos, "https://")) {
    prefix = 8;
  } else if (startsWithNoCase(text, pos, "www.")) {
    prefix = 4;
  } else {
    return 0;
  }
  std::size_t end = pos + prefix;
  while (end < text.size()) {
    const utf8::CodePoint cp = utf8::decode(text, end);
    if (utf8::isSpace(cp.value)) break;
    end += cp.length;
  }
  while (end > pos + prefix && isUrlTrailingPunct(text[end - 1])) --end;
  if (end == pos + prefix) return 0;  // "http://" alone or "www." at a sentence end
  return end - pos;
}

std::size_t mentionLengthAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size() || text[pos] != '@') return 0;
  std::size_t end = pos + 1;
  while (end < text.size() && isMentionChar(text[end])) ++end;
  return end - pos > 1 ? end - pos : 0;
}

std::string TweetNormalizer::normalize(std::string_view raw) const {
  std::string out;
  out.reserve(raw.size() + 16);
  normalizeInto(raw, out);
  return out;
}

void TweetNormalizer::normalizeInto(std::string_view raw, std::string& out) const {
  std::string decoded;
  std::string_view text = raw;
  if (config_.decodeHtmlEntities && raw.find('&') != std::string_view::npos) {
    decoded = decodeHtmlEntities(raw);
    text = decoded;
  }

  Writer w(out);
  const std::size_t n = text.size();
  std::size_t i = 0;
  char32_t prev = 0;  // previous code point of `text`, for word-boundary checks
  const auto skipTo = [&](std::size_t end) {
    i = end;
    prev = utf8::previous(text, end);
  };

  while (i < n) {
    const char c = text[i];
    const bool afterWord = utf8::isWordChar(prev);

    if (!afterWord) {
      if (c == 'h' || c == 'H' || c == 'w' || c == 'W') {
        if (const std::size_t len = urlLengthAt(text, i)) {
          if (config_.replaceUrls) {
            w.token(placeholder::kUrl);
          } else {
            w.verbatim(text.substr(i, len));
          }
          skipTo(i + len);
          continue;
        }
      } else if (c == '@') {
        if (const std::size_t len = mentionLengthAt(text, i)) {
          if (config_.replaceMentions) {
            w.token(placeholder::kUser);
          } else {
            std::string mention(text.substr(i, len));
            if (config_.lowercase) {
              for (char& ch : mention) ch = asciiLower(ch);
            }
            w.verbatim(mention);
          }
          skipTo(i + len);
          continue;
        }
      } else if (c == '#' && config_.splitHashtags && i + 1 < n) {
        const char32_t next = utf8::decode(text, i + 1).value;
        if (utf8::isWordChar(next) || next == U'_') {
          skipTo(i + 1);
          continue;
        }
      }
    }

    // Emoticons that start with a letter or digit need a boundary before them; skipping the
    // lookup mid-word keeps the common case (letters inside words) cheap.
    if (config_.keepEmoticons &&
        !(afterWord && utf8::isAsciiAlnum(static_cast<unsigned char>(c)))) {
      if (auto m = matchEmoticon(text, i)) {
        w.token(m->canonical);
        skipTo(i + m->length);
        continue;
      }
    }

    if (static_cast<unsigned char>(c) >= 0x80U || utf8::mayStartKeycap(text, i)) {
      if (const std::size_t len = utf8::emojiClusterLength(text, i)) {
        if (config_.keepEmoji) {
          w.token(text.substr(i, len));
        } else {
          w.space();
        }
        skipTo(i + len);
        continue;
      }
    }

    if (config_.replaceNumbers && isDigit(c) && !afterWord) {
      std::size_t end = i;
      while (end < n && isDigit(text[end])) ++end;
      while (end + 1 < n && (text[end] == '.' || text[end] == ',') && isDigit(text[end + 1])) {
        ++end;
        while (end < n && isDigit(text[end])) ++end;
      }
      // "2nd", "3pm" and "mp3" are words, not numbers.
      if (end >= n || !utf8::isLetter(utf8::decode(text, end).value)) {
        w.token(placeholder::kNumber);
        skipTo(end);
        continue;
      }
    }

    const utf8::CodePoint cp = utf8::decode(text, i);
    i += cp.length;
    prev = cp.value;
    if (utf8::isSpace(cp.value)) {
      w.space();
      continue;
    }
    const char32_t mapped = config_.lowercase ? utf8::toLower(cp.value) : cp.value;
    w.codePoint(mapped, config_.squeezeRepeats && utf8::isLetter(mapped));
  }
  w.finish();
}

}  // namespace tweetlab::text
