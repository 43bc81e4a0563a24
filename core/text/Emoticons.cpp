#include "core/text/Emoticons.h"

#include <algorithm>
#include <array>
#include <vector>

#include "core/text/Placeholders.h"
#include "core/text/Utf8.h"

namespace tweetlab::text {
namespace {

struct Emoticon {
  std::string_view text;
  std::string_view canonical;
};

using namespace placeholder;

constexpr std::array kEmoticons{
    Emoticon{":-)", kSmile},   Emoticon{":)", kSmile},    Emoticon{":]", kSmile},
    Emoticon{":-]", kSmile},   Emoticon{"=)", kSmile},    Emoticon{"=]", kSmile},
    Emoticon{":o)", kSmile},   Emoticon{":^)", kSmile},   Emoticon{"(:", kSmile},
    Emoticon{"(-:", kSmile},   Emoticon{"^_^", kSmile},   Emoticon{"^^", kSmile},
    Emoticon{":3", kSmile},    Emoticon{":-3", kSmile},

    Emoticon{":D", kLaugh},    Emoticon{":-D", kLaugh},   Emoticon{"=D", kLaugh},
    Emoticon{"xD", kLaugh},    Emoticon{"XD", kLaugh},    Emoticon{"xd", kLaugh},
    Emoticon{"x-D", kLaugh},   Emoticon{"X-D", kLaugh},

    Emoticon{";)", kWink},     Emoticon{";-)", kWink},    Emoticon{";]", kWink},
    Emoticon{";D", kWink},     Emoticon{";-D", kWink},

    Emoticon{":P", kTongue},   Emoticon{":-P", kTongue},  Emoticon{":p", kTongue},
    Emoticon{":-p", kTongue},  Emoticon{"=P", kTongue},   Emoticon{"=p", kTongue},
    Emoticon{";P", kTongue},   Emoticon{";p", kTongue},   Emoticon{";-P", kTongue},
    Emoticon{";-p", kTongue},  Emoticon{"xP", kTongue},   Emoticon{"XP", kTongue},

    Emoticon{":(", kSad},      Emoticon{":-(", kSad},     Emoticon{":[", kSad},
    Emoticon{":-[", kSad},     Emoticon{"=(", kSad},      Emoticon{":'(", kSad},
    Emoticon{":'-(", kSad},    Emoticon{";(", kSad},      Emoticon{";-(", kSad},
    Emoticon{"T_T", kSad},     Emoticon{";_;", kSad},     Emoticon{":c", kSad},
    Emoticon{"</3", kSad},

    Emoticon{":|", kNeutral},  Emoticon{":-|", kNeutral}, Emoticon{":/", kNeutral},
    Emoticon{":-/", kNeutral}, Emoticon{":\\", kNeutral}, Emoticon{":-\\", kNeutral},
    Emoticon{"-_-", kNeutral}, Emoticon{":S", kNeutral},  Emoticon{"o_O", kNeutral},
    Emoticon{"O_o", kNeutral}, Emoticon{"o.O", kNeutral},

    Emoticon{"<3", kHeart},
};

// Longest first, so ":-)" wins over a shorter prefix and ":'(" over nothing.
const std::vector<Emoticon>& byLength() {
  static const std::vector<Emoticon> sorted = [] {
    std::vector<Emoticon> v(kEmoticons.begin(), kEmoticons.end());
    std::stable_sort(v.begin(), v.end(), [](const Emoticon& a, const Emoticon& b) {
      return a.text.size() > b.text.size();
    });
    return v;
  }();
  return sorted;
}

const std::array<bool, 256>& firstBytes() {
  static const std::array<bool, 256> table = [] {
    std::array<bool, 256> t{};
    for (const auto& e : kEmoticons) t[static_cast<unsigned char>(e.text.front())] = true;
    return t;
  }();
  return table;
}

// Only closing characters repeat for emphasis; "://" must not read as ":/" plus repeats.
constexpr bool repeatable(char c) {
  return c == ')' || c == '(' || c == ']' || c == '[' || c == 'D' || c == 'P' || c == 'p' ||
         c == '3';
}

bool isWordAt(std::string_view text, std::size_t pos) {
  return pos < text.size() && utf8::isWordChar(utf8::decode(text, pos).value);
}

bool isAsciiAlnumByte(char c) {
  return utf8::isAsciiAlnum(static_cast<unsigned char>(c));
}

}  // namespace

std::optional<EmoticonMatch> matchEmoticon(std::string_view text, std::size_t pos) {
  if (pos >= text.size() || !firstBytes()[static_cast<unsigned char>(text[pos])])
    return std::nullopt;
  const std::string_view rest = text.substr(pos);
  for (const auto& e : byLength()) {
    if (!rest.starts_with(e.text)) continue;
    if (isAsciiAlnumByte(e.text.front()) && utf8::isWordChar(utf8::previous(text, pos))) continue;
    std::size_t end = pos + e.text.size();
    const char last = e.text.back();
    if (repeatable(last)) {
      while (end < text.size() && text[end] == last) ++end;
    }
    const bool needsBoundaryAfter = isAsciiAlnumByte(last) || last == '/' || last == '\\';
    if (needsBoundaryAfter && (isWordAt(text, end) || (end < text.size() && text[end] == '/')))
      continue;
    return EmoticonMatch{end - pos, e.canonical};
  }
  return std::nullopt;
}

}  // namespace tweetlab::text
