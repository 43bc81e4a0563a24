#include "core/text/TweetTokenizer.h"

#include <algorithm>
#include <array>

#include "core/common/AsciiCase.h"
#include "core/text/Emoticons.h"
#include "core/text/Placeholders.h"
#include "core/text/TweetNormalizer.h"
#include "core/text/Utf8.h"

namespace tweetlab::text {
namespace {

constexpr char32_t kRightQuote = 0x2019U;  // typographic apostrophe, as phones type it

constexpr bool isAsciiUpper(char c) {
  return c >= 'A' && c <= 'Z';
}

// Contractions whose host is not what is left after removing "n't" ("ca", "wo", ...).
std::string negatedHost(std::string_view base) {
  const std::string lower = asciiLowered(base);
  struct Host {
    std::string_view stub, full;
  };
  static constexpr std::array<Host, 4> kHosts{
      {{"ca", "can"}, {"wo", "will"}, {"sha", "shall"}, {"ai", "ain"}}};
  const auto it =
      std::find_if(kHosts.begin(), kHosts.end(), [&](const Host& h) { return h.stub == lower; });
  if (it == kHosts.end()) return std::string(base);
  const std::string_view full = it->full;
  std::string out(full);
  if (!base.empty() && isAsciiUpper(base.front())) {
    const bool allCaps =
        std::all_of(base.begin(), base.end(), [](char c) { return isAsciiUpper(c); });
    if (allCaps && base.size() > 1) {
      for (char& c : out) c = static_cast<char>(c - 'a' + 'A');
    } else {
      out.front() = static_cast<char>(out.front() - 'a' + 'A');
    }
  }
  return out;
}

// Apostrophe-less negations that tweets use far more often than the homographs "cant"/"wont".
constexpr std::array<std::string_view, 20> kBareNegations{
    "dont",  "didnt",   "doesnt",   "isnt",    "wasnt",   "werent", "arent",
    "cant",  "couldnt", "shouldnt", "wouldnt", "wont",    "havent", "hasnt",
    "hadnt", "aint",    "mustnt",   "neednt",  "mightnt", "shant"};

constexpr std::array<std::string_view, 6> kClitics{"'s", "'re", "'ve", "'ll", "'d", "'m"};

std::string punctToken(std::string_view run) {
  const auto bangs = std::count(run.begin(), run.end(), '!');
  const auto questions = static_cast<std::ptrdiff_t>(run.size()) - bangs;
  if (bangs > 0 && questions > 0) return "?!";
  return std::string(static_cast<std::size_t>(
                         std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(run.size()), 3)),
                     bangs > 0 ? '!' : '?');
}

bool isApostrophe(char32_t cp) {
  return cp == U'\'' || cp == kRightQuote;
}

}  // namespace

std::vector<Token> TweetTokenizer::tokenize(std::string_view text) const {
  std::vector<Token> out;
  tokenizeInto(text, out);
  return out;
}

std::vector<std::string> TweetTokenizer::tokenizeToStrings(std::string_view text) const {
  std::vector<std::string> out;
  for (auto& t : tokenize(text)) out.push_back(std::move(t.text));
  return out;
}

void TweetTokenizer::addWord(std::string word, std::vector<Token>& out) const {
  if (!config_.splitContractions) {
    out.push_back({std::move(word), TokenKind::Word});
    return;
  }
  const std::string lower = asciiLowered(word);
  const auto emit = [&](std::string host, std::string clitic, TokenKind cliticKind) {
    if (!host.empty()) out.push_back({std::move(host), TokenKind::Word});
    out.push_back({std::move(clitic), cliticKind});
  };
  if (lower == "cannot") {
    emit(word.substr(0, 3), word.substr(3), TokenKind::Word);
    return;
  }
  if (lower.size() > 3 && lower.ends_with("n't")) {
    const std::size_t cut = word.size() - 3;
    emit(negatedHost(std::string_view(word).substr(0, cut)), word.substr(cut), TokenKind::Clitic);
    return;
  }
  if (std::find(kBareNegations.begin(), kBareNegations.end(), lower) != kBareNegations.end()) {
    const std::size_t cut = word.size() - 2;
    const bool caps = isAsciiUpper(word[cut]) && isAsciiUpper(word[cut + 1]);
    emit(negatedHost(std::string_view(word).substr(0, cut)), caps ? "N'T" : "n't",
         TokenKind::Clitic);
    return;
  }
  for (std::string_view clitic : kClitics) {
    if (lower.size() > clitic.size() && lower.ends_with(clitic)) {
      const std::size_t cut = word.size() - clitic.size();
      emit(word.substr(0, cut), word.substr(cut), TokenKind::Clitic);
      return;
    }
  }
  out.push_back({std::move(word), TokenKind::Word});
}

void TweetTokenizer::tokenizeInto(std::string_view text, std::vector<Token>& out) const {
  const std::size_t n = text.size();
  std::size_t i = 0;
  char32_t prev = 0;
  const auto emitSpan = [&](std::size_t end, TokenKind kind) {
    out.push_back({std::string(text.substr(i, end - i)), kind});
    i = end;
    prev = utf8::previous(text, end);
  };

  while (i < n) {
    const char c = text[i];
    const bool afterWord = utf8::isWordChar(prev);

    if (c == '<') {
      if (const std::size_t len = placeholder::matchAt(text.substr(i))) {
        emitSpan(i + len, TokenKind::Placeholder);
        continue;
      }
    }
    if (config_.recognizeEmoticons &&
        !(afterWord && utf8::isAsciiAlnum(static_cast<unsigned char>(c)))) {
      if (auto m = matchEmoticon(text, i)) {
        emitSpan(i + m->length, TokenKind::Emoticon);
        continue;
      }
    }
    if (!afterWord) {
      if (c == 'h' || c == 'H' || c == 'w' || c == 'W') {
        if (const std::size_t len = urlLengthAt(text, i)) {
          emitSpan(i + len, TokenKind::Url);
          continue;
        }
      } else if (c == '@') {
        if (const std::size_t len = mentionLengthAt(text, i)) {
          emitSpan(i + len, TokenKind::Mention);
          continue;
        }
      } else if (c == '#' && i + 1 < n) {
        std::size_t end = i + 1;
        while (end < n) {
          const utf8::CodePoint cp = utf8::decode(text, end);
          if (!utf8::isWordChar(cp.value) && cp.value != U'_') break;
          end += cp.length;
        }
        if (end > i + 1) {
          emitSpan(end, TokenKind::Hashtag);
          continue;
        }
      }
    }
    if (static_cast<unsigned char>(c) >= 0x80U || utf8::mayStartKeycap(text, i)) {
      if (const std::size_t len = utf8::emojiClusterLength(text, i)) {
        emitSpan(i + len, TokenKind::Emoji);
        continue;
      }
    }
    if (c == '!' || c == '?') {
      std::size_t end = i;
      while (end < n && (text[end] == '!' || text[end] == '?')) ++end;
      out.push_back({punctToken(text.substr(i, end - i)), TokenKind::Punct});
      i = end;
      prev = U'!';
      continue;
    }

    const utf8::CodePoint first = utf8::decode(text, i);
    if (!utf8::isWordChar(first.value)) {
      i += first.length;
      prev = first.value;
      continue;
    }
    std::string word;
    std::size_t end = i;
    char32_t last = 0;
    while (end < n) {
      const utf8::CodePoint cp = utf8::decode(text, end);
      if (utf8::isWordChar(cp.value)) {
        if (cp.valid) {
          word.append(text.substr(end, cp.length));
        } else {
          utf8::append(word, cp.value);
        }
        last = cp.value;
        end += cp.length;
        continue;
      }
      // An apostrophe belongs to the word only between two word characters.
      if (isApostrophe(cp.value) && end + cp.length < n &&
          utf8::isWordChar(utf8::decode(text, end + cp.length).value)) {
        word.push_back('\'');
        last = cp.value;
        end += cp.length;
        continue;
      }
      break;
    }
    addWord(std::move(word), out);
    i = end;
    prev = last;
  }
}

}  // namespace tweetlab::text
