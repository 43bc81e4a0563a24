#include <gtest/gtest.h>

#include "core/text/Utf8.h"

namespace tweetlab::text {
namespace {

TEST(Utf8, DecodesEachEncodedLength) {
  const std::string s = "a\u00e9\u65e5\U0001F600";  // a é 日 😀
  auto cp = utf8::decode(s, 0);
  EXPECT_EQ(cp.value, U'a');
  EXPECT_EQ(cp.length, 1U);
  cp = utf8::decode(s, 1);
  EXPECT_EQ(cp.value, 0xE9U);
  EXPECT_EQ(cp.length, 2U);
  cp = utf8::decode(s, 3);
  EXPECT_EQ(cp.value, 0x65E5U);
  EXPECT_EQ(cp.length, 3U);
  cp = utf8::decode(s, 6);
  EXPECT_EQ(cp.value, 0x1F600U);
  EXPECT_EQ(cp.length, 4U);
  EXPECT_TRUE(utf8::isValid(s));
}

TEST(Utf8, InvalidBytesReadAsLatin1AndSanitizeToValidUtf8) {
  const std::string latin1 = "caf\xE9 \xC3";  // Latin-1 "café " then a truncated sequence
  EXPECT_FALSE(utf8::isValid(latin1));
  const auto cp = utf8::decode(latin1, 3);
  EXPECT_FALSE(cp.valid);
  EXPECT_EQ(cp.value, 0xE9U);
  EXPECT_EQ(utf8::sanitize(latin1), "caf\u00e9 \u00c3");
  EXPECT_TRUE(utf8::isValid(utf8::sanitize(latin1)));
  EXPECT_FALSE(utf8::isValid("\xED\xA0\x80"));  // UTF-16 surrogate
  EXPECT_FALSE(utf8::isValid("\xC0\xAF"));      // overlong '/'
}

TEST(Utf8, FirstInvalidLocatesTheByteAStrictReaderRejects) {
  EXPECT_FALSE(utf8::firstInvalid("plain ascii"));
  EXPECT_FALSE(utf8::firstInvalid("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"));
  EXPECT_EQ(utf8::firstInvalid("ab\xE9"), 2U);            // latin-1
  EXPECT_EQ(utf8::firstInvalid("\xC0\xAF"), 0U);          // overlong '/'
  EXPECT_EQ(utf8::firstInvalid("\xE0\x80\xAF"), 0U);      // overlong 3-byte
  EXPECT_EQ(utf8::firstInvalid("x\xED\xA0\x80"), 1U);     // UTF-16 surrogate
  EXPECT_EQ(utf8::firstInvalid("\xF4\x90\x80\x80"), 0U);  // > U+10FFFF
  EXPECT_EQ(utf8::firstInvalid("ok\xF0\x9F\x98"), 2U);    // truncated
  EXPECT_EQ(utf8::firstInvalid("\x80"), 0U);              // lone continuation byte
}

TEST(Utf8, CountsCodePointsNotBytes) {
  EXPECT_EQ(utf8::codePointCount(""), 0U);
  EXPECT_EQ(utf8::codePointCount("caf\xC3\xA9 \xF0\x9F\x98\x80"), 6U);
  EXPECT_EQ(utf8::codePointCount("caf\xE9"), 4U);  // an invalid byte is one (Latin-1) character
}

TEST(Utf8, PreviousStepsBackOverWholeCharacters) {
  const std::string s = "x\u65e5\U0001F600";
  EXPECT_EQ(utf8::previous(s, 0), 0U);
  EXPECT_EQ(utf8::previous(s, 1), U'x');
  EXPECT_EQ(utf8::previous(s, 4), 0x65E5U);
  EXPECT_EQ(utf8::previous(s, s.size()), 0x1F600U);
}

TEST(Utf8, LowercasesLatinGreekCyrillic) {
  EXPECT_EQ(utf8::toLower("HELLO World"), "hello world");
  EXPECT_EQ(utf8::toLower("CAF\u00c9 \u00c0 \u00de"), "caf\u00e9 \u00e0 \u00fe");
  EXPECT_EQ(utf8::toLower("\u0141\u00d3D\u0179"), "\u0142\u00f3d\u017a");  // ŁÓDŹ
  EXPECT_EQ(utf8::toLower("\u0178"), "\u00ff");
  EXPECT_EQ(utf8::toLower("\u00d7"), "\u00d7");  // multiplication sign is not a letter
  EXPECT_EQ(utf8::toLower("\u039a\u0391\u039b\u0397"), "\u03ba\u03b1\u03bb\u03b7");
  EXPECT_EQ(utf8::toLower("\u041f\u0420\u0418\u0412\u0415\u0422 \u0401"),
            "\u043f\u0440\u0438\u0432\u0435\u0442 \u0451");
  EXPECT_EQ(utf8::toLower("\u65e5\u672c"), "\u65e5\u672c");
}

TEST(Utf8, ClassifiesWordCharactersAndEmoji) {
  EXPECT_TRUE(utf8::isWordChar(U'a'));
  EXPECT_TRUE(utf8::isWordChar(0xE9U));
  EXPECT_TRUE(utf8::isWordChar(0x65E5U));
  EXPECT_TRUE(utf8::isWordChar(0x3042U));  // あ
  EXPECT_FALSE(utf8::isWordChar(U'!'));
  EXPECT_FALSE(utf8::isWordChar(0x3002U));  // 。
  EXPECT_FALSE(utf8::isWordChar(0x1F600U));
  EXPECT_TRUE(utf8::isEmoji(0x1F600U));
  EXPECT_TRUE(utf8::isEmoji(0x2764U));  // ❤
  EXPECT_TRUE(utf8::isEmoji(0x1F1FAU));
  EXPECT_FALSE(utf8::isEmoji(U'a'));
  EXPECT_TRUE(utf8::isLetter(U'z'));
  EXPECT_FALSE(utf8::isLetter(U'7'));
}

TEST(Utf8, EmojiClustersKeepZwjSequencesFlagsAndKeycapsWhole) {
  const std::string family =
      "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";  // 👨‍👩‍👧‍👦
  EXPECT_EQ(utf8::emojiClusterLength(family + "x", 0), family.size());
  const std::string flag = "\U0001F1EF\U0001F1F5";  // 🇯🇵
  EXPECT_EQ(utf8::emojiClusterLength(flag + flag, 0), flag.size());
  const std::string thumbs = "\U0001F44D\U0001F3FD";  // 👍🏽
  EXPECT_EQ(utf8::emojiClusterLength(thumbs, 0), thumbs.size());
  const std::string heart = "\u2764\uFE0F";
  EXPECT_EQ(utf8::emojiClusterLength(heart, 0), heart.size());
  const std::string keycap = "1\uFE0F\u20E3";
  EXPECT_EQ(utf8::emojiClusterLength(keycap, 0), keycap.size());
  EXPECT_EQ(utf8::emojiClusterLength("1 a", 0), 0U);
  // Two emoji without a joiner are two clusters; a trailing ZWJ is not part of the cluster.
  const std::string two = "\U0001F602\U0001F602";
  EXPECT_EQ(utf8::emojiClusterLength(two, 0), 4U);
  EXPECT_EQ(utf8::emojiClusterLength("\U0001F602\u200D", 0), 4U);
  EXPECT_EQ(utf8::emojiClusterLength("abc", 0), 0U);
}

}  // namespace
}  // namespace tweetlab::text
