#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "core/common/Errors.h"
#include "core/text/WordNetLemmatizer.h"

namespace tweetlab::text {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One dictionary for the whole test program: loading it is the slow part.
const WordNetLemmatizer& lemmatizer() {
  static const WordNetLemmatizer instance;
  return instance;
}

TEST(WordNetLemmatizer, KnownOutputs) {
  const auto& l = lemmatizer();
  EXPECT_EQ(l.lemma("studies", Pos::Noun), "study");
  EXPECT_EQ(l.lemma("better", Pos::Adjective), "good");
  EXPECT_EQ(l.lemma("geese", Pos::Noun), "goose");
  EXPECT_EQ(l.lemma("ran", Pos::Verb), "run");
  EXPECT_EQ(l.lemma("was", Pos::Verb), "be");
}

TEST(WordNetLemmatizer, ExceptionLists) {
  const auto& l = lemmatizer();
  EXPECT_EQ(l.lemma("children", Pos::Noun), "child");
  EXPECT_EQ(l.lemma("feet", Pos::Noun), "foot");
  EXPECT_EQ(l.lemma("went", Pos::Verb), "go");
  EXPECT_EQ(l.lemma("happier", Pos::Adjective), "happy");
  EXPECT_EQ(l.lemma("best", Pos::Adverb), "best");  // "best" is itself an adverb, and not longer
  // An exception entry short-circuits the rules; both the form and its bases are candidates.
  EXPECT_THAT(l.morphy("better", Pos::Adjective), ElementsAre("better", "good", "well"));
  EXPECT_THAT(l.morphy("saw", Pos::Verb), ElementsAre("saw", "see"));
  EXPECT_EQ(l.lemma("saw", Pos::Verb), "saw");  // shortest, first on ties, as NLTK's min()
}

TEST(WordNetLemmatizer, DetachmentRules) {
  const auto& l = lemmatizer();
  EXPECT_EQ(l.lemma("cars", Pos::Noun), "car");
  EXPECT_EQ(l.lemma("boxes", Pos::Noun), "box");
  EXPECT_EQ(l.lemma("churches", Pos::Noun), "church");
  EXPECT_EQ(l.lemma("dishes", Pos::Noun), "dish");
  EXPECT_EQ(l.lemma("firemen", Pos::Noun), "fireman");
  EXPECT_EQ(l.lemma("parties", Pos::Noun), "party");
  EXPECT_EQ(l.lemma("loves", Pos::Verb), "love");
  EXPECT_EQ(l.lemma("loved", Pos::Verb), "love");
  EXPECT_EQ(l.lemma("loving", Pos::Verb), "love");
  EXPECT_EQ(l.lemma("walked", Pos::Verb), "walk");
  EXPECT_EQ(l.lemma("walking", Pos::Verb), "walk");
  EXPECT_EQ(l.lemma("cries", Pos::Verb), "cry");
  EXPECT_EQ(l.lemma("greatest", Pos::Adjective), "great");
  EXPECT_THAT(l.morphy("greatest", Pos::Adjective), ElementsAre("greatest", "great"));
  EXPECT_EQ(l.lemma("nicer", Pos::Adjective), "nice");
  EXPECT_EQ(l.lemma("quickly", Pos::Adverb), "quickly");
  EXPECT_EQ(l.lemma("bed", Pos::Verb), "bed");  // verb.exc lists "bed bed" so the rules never run
  // Unknown words come back unchanged; nothing is lowercased (as NLTK).
  EXPECT_EQ(l.lemma("lol", Pos::Noun), "lol");
  EXPECT_EQ(l.lemma("Cars", Pos::Noun), "Cars");
  EXPECT_EQ(l.lemma("", Pos::Noun), "");
  EXPECT_TRUE(l.morphy("xyzzies", Pos::Noun).empty());
}

TEST(WordNetLemmatizer, MultiWordLemmasUseSpaces) {
  EXPECT_EQ(lemmatizer().lemma("ice creams", Pos::Noun), "ice cream");
}

TEST(WordNetLemmatizer, PosFreePolicy) {
  const auto& l = lemmatizer();
  EXPECT_EQ(l.lemmatize("studies"), "study");
  EXPECT_EQ(l.lemmatize("running"), "run");
  EXPECT_EQ(l.lemmatize("was"), "be");
  EXPECT_EQ(l.lemmatize("cars"), "car");
  EXPECT_EQ(l.lemmatize("geese"), "goose");
  EXPECT_EQ(l.lemmatize("happier"), "happy");
  EXPECT_EQ(l.lemmatize("has"), "have");
  EXPECT_EQ(l.lemmatize("days"), "day");     // "days" is also a noun lemma; the shorter one wins
  EXPECT_EQ(l.lemmatize("better"), "good");  // verb and noun leave it, the adjective does not
  EXPECT_EQ(l.lemmatize("bed"), "bed");
  // Short and "-ss" words change only through an exception list.
  EXPECT_EQ(l.lemmatize("us"), "us");
  EXPECT_EQ(l.lemmatize("as"), "as");
  EXPECT_EQ(l.lemmatize("boss"), "boss");
  EXPECT_EQ(l.lemmatize("discuss"), "discuss");
  EXPECT_EQ(l.lemmatize("did"), "do");
  EXPECT_EQ(l.lemmatize("children"), "child");
  EXPECT_EQ(l.lemmatize("its"), "its");
  EXPECT_EQ(l.lemmatize("news"), "news");
  EXPECT_EQ(l.lemmatize("lol"), "lol");
  EXPECT_EQ(l.lemmatize("<url>"), "<url>");
  // Cached answers equal fresh ones.
  EXPECT_EQ(l.lemmatize("studies"), "study");
}

TEST(WordNet, LoadsOncePerDirectoryAndShares) {
  const auto dir = WordNet::locate();
  const auto a = WordNet::load(dir);
  const auto b = WordNet::load(dir);
  EXPECT_EQ(a.get(), b.get());
  EXPECT_GT(a->lemmaCount(Pos::Noun), 100000U);
  EXPECT_TRUE(a->hasLemma("ice_cream", Pos::Noun));
  EXPECT_FALSE(a->hasLemma("ice_cream", Pos::Verb));
  ASSERT_NE(a->exceptions("geese", Pos::Noun), nullptr);
  EXPECT_EQ(a->exceptions("cars", Pos::Noun), nullptr);
}

class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              ("tweetlab-wn-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  void write(const std::string& name, const std::string& content) const {
    std::ofstream(path_ / name) << content;
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(WordNet, MissingFileIsAnIoErrorNamingIt) {
  TempDir dir;
  dir.write("index.noun", "cat n 1 0 1 0 02121620\n");
  try {
    WordNet::load(dir.path());
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_THAT(e.what(), HasSubstr(dir.path().string()));
    EXPECT_THAT(e.what(), HasSubstr("noun.exc is missing"));
  }
  EXPECT_THROW(WordNet::load(dir.path() / "does-not-exist"), IoError);
}

TEST(WordNet, MalformedIndexIsAnIoErrorNamingFileAndLine) {
  TempDir dir;
  for (const char* pos : {"noun", "verb", "adj", "adv"}) dir.write(std::string(pos) + ".exc", "");
  dir.write("index.noun", "  1 licence line\ncat n 1 0 1 0 02121620\n");
  dir.write("index.verb", "run v 1 0 1 0 01926311\n");
  dir.write("index.adj", "this is not wordnet\n");
  dir.write("index.adv", "fast r 1 0 1 0 00086000\n");
  try {
    WordNet::load(dir.path());
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("index.adj line 1"));
  }
  dir.write("index.adj", "  only a licence header\n");
  try {
    WordNet::load(dir.path());
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("holds no index entries"));
  }
}

TEST(WordNet, TinyDictionaryWorksWithTheLemmatizer) {
  TempDir dir;
  dir.write("index.noun", "cat n 1 0 1 0 02121620\ngoose n 1 0 1 0 01855672\n");
  dir.write("index.verb", "run v 1 0 1 0 01926311\n");
  dir.write("index.adj", "good a 1 0 1 0 01123148\n");
  dir.write("index.adv", "fast r 1 0 1 0 00086000\n");
  dir.write("noun.exc", "geese goose\n");
  dir.write("verb.exc", "ran run\n");
  dir.write("adj.exc", "better good well\n");
  dir.write("adv.exc", "");
  const WordNetLemmatizer l(WordNet::load(dir.path()));
  EXPECT_EQ(l.lemma("cats", Pos::Noun), "cat");
  EXPECT_EQ(l.lemma("geese", Pos::Noun), "goose");
  EXPECT_EQ(l.lemmatize("ran"), "run");
  EXPECT_EQ(l.lemmatize("better"), "good");
}

class EnvGuard {
 public:
  EnvGuard(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~EnvGuard() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(WordNet, LocateHonoursEnvironmentAndReportsEveryPlaceLooked) {
  TempDir empty;
  {
    // An unusable override falls through to the other places (the system dictionary here).
    const EnvGuard env("TWEETLAB_WORDNET_DIR", empty.path().string());
    const EnvGuard resources("TWEETLAB_RESOURCE_DIR", empty.path().string());
    const auto found = WordNet::locate();
    EXPECT_NE(found, empty.path());
  }
  TempDir good;
  for (const char* name : {"index.noun", "index.verb", "index.adj", "index.adv", "noun.exc",
                           "verb.exc", "adj.exc", "adv.exc"}) {
    good.write(name, "");
  }
  const EnvGuard env("TWEETLAB_WORDNET_DIR", good.path().string());
  EXPECT_EQ(WordNet::locate(), good.path());
}

TEST(WordNet, NotFoundAnywhereNamesEveryPlace) {
  TempDir envDir;
  TempDir resourceDir;
  TempDir systemDir;
  const EnvGuard env("TWEETLAB_WORDNET_DIR", envDir.path().string());
  const EnvGuard resources("TWEETLAB_RESOURCE_DIR", resourceDir.path().string());
  const std::vector<std::filesystem::path> fallbacks{systemDir.path()};
  try {
    WordNet::locate(fallbacks);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_THAT(e.what(), HasSubstr(envDir.path().string()));
    EXPECT_THAT(e.what(), HasSubstr((resourceDir.path() / "wordnet").string()));
    EXPECT_THAT(e.what(), HasSubstr(systemDir.path().string()));
    EXPECT_THAT(e.what(), HasSubstr("TWEETLAB_WORDNET_DIR"));
  }
}

}  // namespace
}  // namespace tweetlab::text
