#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/common/Errors.h"
#include "core/text/Preprocessor.h"

namespace tweetlab::text {
namespace {

using ::testing::ElementsAre;

PreprocessConfig withMorphology(Morphology m, bool stopwords = false) {
  PreprocessConfig c;
  c.morphology = m;
  c.removeStopwords = stopwords;
  return c;
}

// Text column of the bundled Sentiment140 sample (quoted CSV, "" escapes a quote).
std::vector<std::string> sampleTweets(std::size_t limit) {
  std::ifstream in(std::string(TWEETLAB_SOURCE_DIR) + "/resources/data/sentiment140_sample.csv");
  std::vector<std::string> tweets;
  std::string line;
  std::getline(in, line);  // header
  while (tweets.size() < limit && std::getline(in, line)) {
    std::size_t pos = 0;
    for (int field = 0; field < 5; ++field) pos = line.find(',', pos) + 1;
    std::string text = line.substr(pos);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
      std::string unq;
      for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        unq.push_back(text[i]);
        if (text[i] == '"' && text[i + 1] == '"') ++i;
      }
      text = unq;
    }
    tweets.push_back(text);
  }
  return tweets;
}

TEST(Preprocessor, EndToEndWithDefaults) {
  const Preprocessor p;
  EXPECT_EQ(p.process("@frandrescher Apparently you dont have time for ur fans!!!!!!!!!! "),
            "<user> apparently you do n't have time for ur fans !!!");
  EXPECT_EQ(p.process("School email won't open  and I have geography stuff on there to revise! "
                      "*Stupid School* :'("),
            "school email will n't open and i have geography stuff on there to revise ! stupid "
            "school <sad>");
  EXPECT_EQ(p.process("had a lovely birthday.  http://plurk.com/p/xedq0"),
            "had a lovely birthday <url>");
  EXPECT_EQ(p.process(""), "");
}

TEST(Preprocessor, StopWordRemovalKeepsNegations) {
  const Preprocessor p(withMorphology(Morphology::None, true));
  EXPECT_EQ(p.process("i don't feel good "), "n't feel good");
  EXPECT_EQ(p.process("It is NOT the best day, no. Never again!"), "not best day no never !");
}

TEST(Preprocessor, Stemming) {
  const Preprocessor p(withMorphology(Morphology::Stem));
  EXPECT_EQ(p.process("Studies show running makes me happier #happiness :)"),
            "studi show run make me happier happi <smile>");
  EXPECT_THAT(p.tokens("generously loved @bob"), ElementsAre("generous", "love", "<user>"));
}

TEST(Preprocessor, Lemmatizing) {
  const Preprocessor p(withMorphology(Morphology::Lemma));
  EXPECT_EQ(p.process("Studies show the geese were running to their cars"),
            "study show the goose be run to their car");
  EXPECT_EQ(p.process("I was happier when it wasn't raining <3"),
            "i be happy when it be n't rain <heart>");
}

TEST(Preprocessor, RulesCanBeSwitchedOff) {
  PreprocessConfig c;
  c.normalizer.lowercase = false;
  c.normalizer.replaceUrls = false;
  c.normalizer.replaceMentions = false;
  c.normalizer.splitHashtags = false;
  c.normalizer.keepEmoticons = false;
  c.normalizer.keepEmoji = false;
  const Preprocessor p(c);
  EXPECT_THAT(p.tokens("@Bob Check http://t.co/X #Cool :) \U0001F602 OK?"),
              ElementsAre("@Bob", "Check", "http://t.co/X", "#Cool", "OK", "?"));
}

TEST(Preprocessor, EmojiAndMultiByteTextSurvive) {
  const Preprocessor p;
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";
  EXPECT_THAT(
      p.tokens("Caf\u00c9 time " + family + "\U0001F1EF\U0001F1F5 \u4eca\u65e5\u306f"),
      ElementsAre("caf\u00e9", "time", family, "\U0001F1EF\U0001F1F5", "\u4eca\u65e5\u306f"));
}

TEST(Preprocessor, ProcessAllEqualsProcessInOrder) {
  const auto tweets = sampleTweets(2000);
  ASSERT_EQ(tweets.size(), 2000U);
  for (Morphology m : {Morphology::None, Morphology::Stem, Morphology::Lemma}) {
    const Preprocessor p(withMorphology(m, true));
    const auto parallel = p.processAll(tweets, 4);
    ASSERT_EQ(parallel.size(), tweets.size());
    for (std::size_t i = 0; i < tweets.size(); ++i) {
      ASSERT_EQ(parallel[i], p.process(tweets[i]))
          << toString(m) << " row " << i << ": " << tweets[i];
    }
  }
  const Preprocessor p;
  EXPECT_TRUE(p.processAll(std::vector<std::string>{}, 4).empty());
  EXPECT_EQ(p.processAll(std::vector<std::string>{"A b"}, 0), std::vector<std::string>{"a b"});
}

TEST(Preprocessor, PreviewFillsEveryStage) {
  const Preprocessor p(withMorphology(Morphology::Lemma, true));
  const auto v = p.preview("The geese are RUNNING to http://x.co &amp; I don't care :D");
  EXPECT_EQ(v.raw, "The geese are RUNNING to http://x.co &amp; I don't care :D");
  EXPECT_EQ(v.normalized, "the geese are running to <url> & i don't care <laugh>");
  EXPECT_THAT(v.tokens, ElementsAre("geese", "running", "<url>", "n't", "care", "<laugh>"));
  EXPECT_THAT(v.stems, ElementsAre("gees", "run", "<url>", "n't", "care", "<laugh>"));
  EXPECT_THAT(v.lemmas, ElementsAre("goose", "run", "<url>", "n't", "care", "<laugh>"));
  EXPECT_EQ(v.output, v.lemmas);
  EXPECT_EQ(Preprocessor(withMorphology(Morphology::Stem)).preview("cars").output,
            std::vector<std::string>{"car"});
  EXPECT_EQ(Preprocessor().preview("Cars").output, std::vector<std::string>{"cars"});
}

TEST(Preprocessor, IsMovable) {
  Preprocessor a(withMorphology(Morphology::Stem));
  Preprocessor b(std::move(a));
  EXPECT_EQ(b.process("running"), "run");
  EXPECT_EQ(b.config().morphology, Morphology::Stem);
}

TEST(PreprocessConfigJson, RoundTripWithSnakeCaseKeys) {
  PreprocessConfig c;
  c.normalizer.lowercase = false;
  c.normalizer.replaceNumbers = true;
  c.normalizer.keepEmoji = false;
  c.removeStopwords = true;
  c.morphology = Morphology::Lemma;
  const nlohmann::json j = c;
  EXPECT_EQ(j.at("lowercase"), false);
  EXPECT_EQ(j.at("decode_html_entities"), true);
  EXPECT_EQ(j.at("replace_urls"), true);
  EXPECT_EQ(j.at("replace_mentions"), true);
  EXPECT_EQ(j.at("split_hashtags"), true);
  EXPECT_EQ(j.at("squeeze_repeats"), true);
  EXPECT_EQ(j.at("replace_numbers"), true);
  EXPECT_EQ(j.at("keep_emoticons"), true);
  EXPECT_EQ(j.at("keep_emoji"), false);
  EXPECT_EQ(j.at("remove_stopwords"), true);
  EXPECT_EQ(j.at("morphology"), "lemma");
  EXPECT_EQ(j.size(), 11U);

  const auto back = j.get<PreprocessConfig>();
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_FALSE(back.normalizer.lowercase);
  EXPECT_TRUE(back.normalizer.replaceNumbers);
  EXPECT_EQ(back.morphology, Morphology::Lemma);
}

TEST(PreprocessConfigJson, MissingKeysKeepDefaults) {
  const auto c = nlohmann::json::parse(R"({"morphology": "stem", "lowercase": false})")
                     .get<PreprocessConfig>();
  EXPECT_EQ(c.morphology, Morphology::Stem);
  EXPECT_FALSE(c.normalizer.lowercase);
  const PreprocessConfig defaults;
  EXPECT_EQ(c.normalizer.replaceUrls, defaults.normalizer.replaceUrls);
  EXPECT_EQ(c.removeStopwords, defaults.removeStopwords);
  EXPECT_EQ(nlohmann::json(nlohmann::json::object().get<PreprocessConfig>()),
            nlohmann::json(defaults));
}

TEST(PreprocessConfigJson, BadValuesAreInputErrors) {
  EXPECT_THROW(nlohmann::json::parse(R"({"morphology": "stemming"})").get<PreprocessConfig>(),
               InputError);
  EXPECT_THROW(nlohmann::json::parse(R"({"morphology": 1})").get<PreprocessConfig>(), InputError);
  EXPECT_THROW(nlohmann::json::parse(R"({"lowercase": "yes"})").get<PreprocessConfig>(),
               InputError);
  EXPECT_THROW(nlohmann::json::parse(R"([1, 2])").get<PreprocessConfig>(), InputError);
  EXPECT_THROW(morphologyFromString("Stem"), InputError);
  for (Morphology m : {Morphology::None, Morphology::Stem, Morphology::Lemma}) {
    EXPECT_EQ(morphologyFromString(toString(m)), m);
  }
}

}  // namespace
}  // namespace tweetlab::text
