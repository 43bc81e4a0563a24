#include <gtest/gtest.h>

#include "core/text/TweetNormalizer.h"
#include "core/text/Utf8.h"

namespace tweetlab::text {
namespace {

NormalizerConfig allOff() {
  NormalizerConfig c;
  c.lowercase = false;
  c.decodeHtmlEntities = false;
  c.replaceUrls = false;
  c.replaceMentions = false;
  c.splitHashtags = false;
  c.squeezeRepeats = false;
  c.replaceNumbers = false;
  c.keepEmoticons = false;
  c.keepEmoji = true;
  return c;
}

std::string norm(std::string_view text, NormalizerConfig c = {}) {
  return TweetNormalizer(c).normalize(text);
}

TEST(TweetNormalizer, DefaultsOnRealTweets) {
  EXPECT_EQ(norm("@chrishasboobs AHHH I HOPE YOUR OK!!! "), "<user> ahh i hope your ok!!!");
  EXPECT_EQ(norm("How to Get Your Ex Back (worked for me  http://bit.ly/ec8qJ"),
            "how to get your ex back (worked for me <url>");
  EXPECT_EQ(norm("No woooooork tomorrrow&amp;tuesday "), "no woork tomorrow&tuesday");
  EXPECT_EQ(norm("@melbgirl It means the same to us!  #GoCats"),
            "<user> it means the same to us! gocats");
  EXPECT_EQ(norm("School email won't open  and I have geography stuff on there to revise! *Stupid "
                 "School* :'("),
            "school email won't open and i have geography stuff on there to revise! *stupid "
            "school* <sad>");
}

TEST(TweetNormalizer, LowercaseRule) {
  EXPECT_EQ(norm("I LOVE Caf\u00c9"), "i love caf\u00e9");
  auto c = NormalizerConfig{};
  c.lowercase = false;
  EXPECT_EQ(norm("I LOVE Caf\u00c9", c), "I LOVE Caf\u00c9");
}

TEST(TweetNormalizer, HtmlEntities) {
  EXPECT_EQ(norm("&quot;scar,&quot; sweetie &lt;b&gt; &apos;x&#39; &#x27;y&#X27; a&nbsp;b"),
            "\"scar,\" sweetie <b> 'x' 'y' a b");
  EXPECT_EQ(norm("fish &amp; chips &amp;amp;"), "fish & chips &amp;");  // one level only, as HTML
  auto keepHash = NormalizerConfig{};
  keepHash.splitHashtags = false;
  EXPECT_EQ(norm("AT&T &bogus; &#0; &#xD800; &#12345678; & ;", keepHash),
            "at&t &bogus; &#0; &#xd800; &#12345678; & ;");
  auto c = allOff();
  EXPECT_EQ(norm("fish &amp; chips &quot;", c), "fish &amp; chips &quot;");
}

TEST(TweetNormalizer, Urls) {
  EXPECT_EQ(norm("see http://bit.ly/4Qhlv, https://x.com/a?b=1 and WWW.Example.com/Path."),
            "see <url> , <url> and <url> .");
  EXPECT_EQ(norm("http:// alone"), "http:// alone");
  auto c = allOff();
  EXPECT_EQ(norm("Add: http://bit.ly/4Qhlv!", c), "Add: http://bit.ly/4Qhlv!");
  c.lowercase = true;
  c.squeezeRepeats = true;
  c.replaceNumbers = true;
  EXPECT_EQ(norm("Add: http://bit.ly/AAAA42", c),
            "add: http://bit.ly/AAAA42");  // copied byte for byte
}

TEST(TweetNormalizer, Mentions) {
  EXPECT_EQ(norm("@Konstantine hi @bob_99!"), "<user> hi <user> !");
  EXPECT_EQ(norm("mail me at me@example.com"), "mail me at me@example.com");
  EXPECT_EQ(norm("@ noon"), "@ noon");
  auto c = NormalizerConfig{};
  c.replaceMentions = false;
  EXPECT_EQ(norm("@Konstantine hiii", c), "@konstantine hii");
}

TEST(TweetNormalizer, Hashtags) {
  EXPECT_EQ(norm("#iranelection news #fb"), "iranelection news fb");
  EXPECT_EQ(norm("#1 fan, C# and # alone"), "1 fan, c# and # alone");
  auto c = NormalizerConfig{};
  c.splitHashtags = false;
  EXPECT_EQ(norm("#GoCats", c), "#gocats");
}

TEST(TweetNormalizer, SqueezeRepeats) {
  EXPECT_EQ(norm("soooo goooood!!!! 1000000 zzz"), "soo good!!!! 1000000 zz");
  EXPECT_EQ(norm("SOOOO"), "soo");
  EXPECT_EQ(norm("caf\u00e9\u00e9\u00e9\u00e9"), "caf\u00e9\u00e9");
  auto c = NormalizerConfig{};
  c.squeezeRepeats = false;
  EXPECT_EQ(norm("soooo", c), "soooo");
}

TEST(TweetNormalizer, Numbers) {
  auto c = NormalizerConfig{};
  EXPECT_EQ(norm("turning 18 in 2009", c), "turning 18 in 2009");  // off by default
  c.replaceNumbers = true;
  EXPECT_EQ(
      norm("turning 18 in 2009, 3.5 or 1,000 at 02:30 - 2nd mp3 w00t 4-0", c),
      "turning <number> in <number> , <number> or <number> at <number> : <number> - 2nd mp3 w00t "
      "<number> - <number>");
}

TEST(TweetNormalizer, EmoticonsMapToClassTokensAndSurviveLowercasing) {
  EXPECT_EQ(
      norm(":) :-) =) :D XD xD ;) ;-) :P :p :( :-( :'( <3 <333 </3 :/ :|"),
      "<smile> <smile> <smile> <laugh> <laugh> <laugh> <wink> <wink> <tongue> <tongue> <sad> <sad> "
      "<sad> <heart> <heart> <sad> <neutral> <neutral>");
  EXPECT_EQ(norm("happy:))) sad:((("), "happy <smile> sad <sad>");
  EXPECT_EQ(norm("i &lt;3 you"), "i <heart> you");
  // Not emoticons: letters around them, times, URLs.
  EXPECT_EQ(norm("boxD :Please at 10:30"), "boxd :please at 10:30");
  auto c = NormalizerConfig{};
  c.replaceUrls = false;
  EXPECT_EQ(norm("go http://x.com/y :)", c), "go http://x.com/y <smile>");
  c = NormalizerConfig{};
  c.keepEmoticons = false;
  EXPECT_EQ(norm(":D <3", c), ":d <3");
}

TEST(TweetNormalizer, Emoji) {
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";
  const std::string flag = "\U0001F1EF\U0001F1F5";
  EXPECT_EQ(norm("love it\U0001F602\U0001F602 " + family + flag + "!"),
            "love it \U0001F602 \U0001F602 " + family + " " + flag + " !");
  auto c = NormalizerConfig{};
  c.keepEmoji = false;
  EXPECT_EQ(norm("love it\U0001F602 " + family + " ok \u2764\uFE0F", c), "love it ok");
}

TEST(TweetNormalizer, MultiByteTextIsNeverSplit) {
  const std::string japanese = "\u4eca\u65e5\u306f\u697d\u3057\u3044\u3002";  // 今日は楽しい。
  const std::string out = norm("Caf\u00c9 na\u00efve " + japanese + " \u00c5ngstr\u00f6m");
  EXPECT_EQ(out, "caf\u00e9 na\u00efve " + japanese + " \u00e5ngstr\u00f6m");
  EXPECT_TRUE(utf8::isValid(out));
  // Sentiment140's Latin-1 bytes come out as valid UTF-8.
  const std::string fixed = norm("FCK-Br\xF8ndby 4-0!");
  EXPECT_TRUE(utf8::isValid(fixed));
  EXPECT_EQ(fixed, "fck-br\u00f8ndby 4-0!");
}

TEST(TweetNormalizer, WhitespaceCollapsesAndEmptyStaysEmpty) {
  EXPECT_EQ(norm("  a \t\n b  "), "a b");
  EXPECT_EQ(norm(""), "");
  EXPECT_EQ(norm("   "), "");
}

TEST(TweetNormalizer, AllRulesOffKeepsTextButCollapsesSpace) {
  const std::string tweet = "@Bob Sooo &amp; #Happy :) http://t.co/X 2009";
  EXPECT_EQ(norm(tweet, allOff()), tweet);
}

}  // namespace
}  // namespace tweetlab::text
