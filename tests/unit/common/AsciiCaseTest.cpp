// core/common/AsciiCase.h: the one ASCII case fold for names and keys.
#include <gtest/gtest.h>

#include <clocale>
#include <string>

#include "core/common/AsciiCase.h"

namespace tweetlab {
namespace {

TEST(AsciiCase, FoldsOnlyAsciiCapitals) {
  EXPECT_EQ(asciiLowered("Text,LABEL .CSV @Delta_Air 2024"), "text,label .csv @delta_air 2024");
  EXPECT_EQ(asciiLowered(""), "");
  EXPECT_EQ(asciiLower('Z'), 'z');
  EXPECT_EQ(asciiLower('['), '[');  // the byte after 'Z'
  EXPECT_EQ(asciiLower('@'), '@');  // the byte before 'A'
}

// A UTF-8 header "Ärger" keeps its bytes whatever the process locale (std::tolower under a
// Latin-1 locale would turn 0xC3 0x84 into 0xE3 0x84, which is not UTF-8 for anything).
TEST(AsciiCase, LeavesUtf8BytesAloneUnderAnyLocale) {
  const std::string header = "\xC3\x84rger URL";
  const std::string expected = "\xC3\x84rger url";
  EXPECT_EQ(asciiLowered(header), expected);
  const std::string previous = std::setlocale(LC_CTYPE, nullptr);
  for (const char* locale : {"C.UTF-8", "de_DE.ISO-8859-1", "en_US.ISO-8859-1"}) {
    if (std::setlocale(LC_CTYPE, locale) == nullptr) continue;  // not installed here
    EXPECT_EQ(asciiLowered(header), expected) << locale;
  }
  std::setlocale(LC_CTYPE, previous.c_str());
}

}  // namespace
}  // namespace tweetlab
