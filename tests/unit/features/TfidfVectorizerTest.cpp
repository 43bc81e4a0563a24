#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/common/Errors.h"
#include "core/features/TfidfVectorizer.h"

namespace tweetlab::features {
namespace {

TfidfConfig wordUnigrams() {
  TfidfConfig c;
  c.ngramMax = 1;
  c.minDf = 1;
  c.sublinearTf = false;
  return c;
}

TEST(Tfidf, IdfAndL2NormAsScikitLearn) {
  // Three documents; "good" in 2 of 3, "day" in 1, "bad" in 1.
  const std::vector<std::string> docs{"good day", "good good", "bad"};
  TfidfVectorizer v(wordUnigrams());
  auto x = v.fitTransform(docs);
  ASSERT_EQ(v.terms(), (std::vector<std::string>{"bad", "day", "good"}));
  const double idfGood = std::log(4.0 / 3.0) + 1.0;  // ln((1+n)/(1+df)) + 1
  const double idfDay = std::log(4.0 / 2.0) + 1.0;
  EXPECT_NEAR(v.idf()[2], idfGood, 1e-6);
  EXPECT_NEAR(v.idf()[1], idfDay, 1e-6);
  // Row 0: tf 1 each, then L2.
  const double norm = std::sqrt(idfGood * idfGood + idfDay * idfDay);
  EXPECT_NEAR(x.at(0, 2), idfGood / norm, 1e-6);
  EXPECT_NEAR(x.at(0, 1), idfDay / norm, 1e-6);
  EXPECT_EQ(x.at(0, 0), 0.0f);
  // Row 1: only "good" -> unit vector whatever its tf.
  EXPECT_NEAR(x.at(1, 2), 1.0, 1e-6);
}

TEST(Tfidf, SublinearTfUsesOnePlusLog) {
  TfidfConfig c = wordUnigrams();
  c.sublinearTf = true;
  c.l2Normalize = false;
  const std::vector<std::string> docs{"so so so happy", "happy"};
  TfidfVectorizer v(c);
  auto x = v.fitTransform(docs);
  const long so = v.columnOf("so");
  ASSERT_GE(so, 0);
  const double idfSo = std::log(3.0 / 2.0) + 1.0;
  EXPECT_NEAR(x.at(0, static_cast<std::size_t>(so)), (1.0 + std::log(3.0)) * idfSo, 1e-5);
}

TEST(Tfidf, BigramsAndMinDf) {
  TfidfConfig c;
  c.ngramMax = 2;
  c.minDf = 2;
  const std::vector<std::string> docs{"not good at all", "not good", "very good"};
  TfidfVectorizer v(c);
  v.fit(docs);
  EXPECT_GE(v.columnOf("not good"), 0);    // in 2 documents
  EXPECT_EQ(v.columnOf("very good"), -1);  // in 1 document: below min_df
  EXPECT_EQ(v.columnOf("very"), -1);
  EXPECT_GE(v.columnOf("good"), 0);
}

TEST(Tfidf, UnknownTermsAreIgnoredAndEmptyRowsStayEmpty) {
  TfidfVectorizer v(wordUnigrams());
  v.fit(std::vector<std::string>{"happy", "sad"});
  auto x = v.transform(std::vector<std::string>{"unseen words only", ""});
  EXPECT_EQ(x.rows(), 2u);
  EXPECT_EQ(x.nonZeros(), 0u);
}

TEST(Tfidf, CharNgramsNeverSplitUtf8) {
  TfidfConfig c;
  c.analyzer = TfidfConfig::Analyzer::Char;
  c.ngramMin = 2;
  c.ngramMax = 3;
  c.minDf = 1;
  TfidfVectorizer v(c);
  v.fit(std::vector<std::string>{"café", "😀ok"});
  for (const auto& term : v.terms()) {
    // Every term must be valid UTF-8: no lone continuation byte at its start.
    ASSERT_FALSE(term.empty());
    EXPECT_NE(static_cast<unsigned char>(term[0]) & 0xC0, 0x80) << term;
  }
  EXPECT_GE(v.columnOf("é "), 0);
  EXPECT_GE(v.columnOf(" 😀"), 0);
}

TEST(Tfidf, SaveLoadGivesIdenticalMatrix) {
  const std::vector<std::string> docs{"i love this", "i hate this", "love love it", "hate it"};
  TfidfConfig c;
  c.minDf = 1;
  TfidfVectorizer v(c);
  auto before = v.fitTransform(docs);
  auto dir = std::filesystem::temp_directory_path() / "tweetlab_tfidf_test";
  std::filesystem::remove_all(dir);
  v.save(dir);
  auto loaded = TfidfVectorizer::load(dir);
  auto after = loaded.transform(docs);
  EXPECT_EQ(before.colIndex, after.colIndex);
  EXPECT_EQ(before.values, after.values);
  EXPECT_EQ(loaded.config().ngramMax, 2);
  std::filesystem::remove_all(dir);
}

// fitTransform counts and builds the rows in one pass; it must give exactly what fit then
// transform give, for every analyzer and for text whose tokens are more than one space apart,
// on one thread or several.
TEST(Tfidf, FitTransformIsFitThenTransform) {
  const std::vector<std::string> docs{"not  good at all",   " not good ", "very good at   all",
                                      "good good good",     "",           "all at once",
                                      "caf\u00e9 not good", "at all"};
  TfidfConfig bigrams;
  bigrams.minDf = 2;
  TfidfConfig trigramsOnly;
  trigramsOnly.ngramMin = 2;
  trigramsOnly.ngramMax = 3;
  trigramsOnly.minDf = 1;
  TfidfConfig capped;
  capped.minDf = 1;
  capped.maxFeatures = 5;
  TfidfConfig chars;
  chars.analyzer = TfidfConfig::Analyzer::Char;
  chars.ngramMin = 2;
  chars.ngramMax = 4;
  for (const auto& config : {bigrams, trigramsOnly, capped, chars}) {
    TfidfVectorizer once(config);
    const auto x = once.fitTransform(docs);
    TfidfVectorizer twice(config);
    twice.fit(docs);
    const auto y = twice.transform(docs);
    EXPECT_EQ(once.terms(), twice.terms());
    EXPECT_EQ(x.rowStart, y.rowStart);
    EXPECT_EQ(x.colIndex, y.colIndex);
    EXPECT_EQ(x.values, y.values);
    // Counted in three slices at once (the slices' terms merged): the same vocabulary, idf and
    // rows as one thread.
    TfidfVectorizer sliced(config);
    const auto z = sliced.fitTransform(docs, 3);
    EXPECT_EQ(sliced.terms(), once.terms());
    EXPECT_EQ(sliced.idf(), once.idf());
    EXPECT_EQ(z.rowStart, x.rowStart);
    EXPECT_EQ(z.colIndex, x.colIndex);
    EXPECT_EQ(z.values, x.values);
    TfidfVectorizer slicedFit(config);
    slicedFit.fit(docs, 3);
    EXPECT_EQ(slicedFit.terms(), once.terms());
  }
  // Where spaces repeat, the n-gram is still the tokens joined by one space.
  TfidfVectorizer v(bigrams);
  v.fit(docs);
  EXPECT_GE(v.columnOf("not good"), 0);
  EXPECT_GE(v.columnOf("at all"), 0);
  EXPECT_EQ(v.columnOf("at   all"), -1);
  EXPECT_EQ(v.columnOf("not  good"), -1);
}

TEST(Tfidf, LoadRefusesATermListedTwice) {
  auto dir = std::filesystem::temp_directory_path() / "tweetlab_tfidf_twice";
  std::filesystem::remove_all(dir);
  TfidfVectorizer v(wordUnigrams());
  v.fit(std::vector<std::string>{"happy", "sad"});
  v.save(dir);
  {
    std::ofstream out(dir / "vocabulary.tsv", std::ios::app);
    out << "1.5\thappy\n";
  }
  EXPECT_THROW(TfidfVectorizer::load(dir), FormatError);
  std::filesystem::remove_all(dir);
}

TEST(SparseMatrix, SelectRowsKeepsOrder) {
  TfidfVectorizer v(wordUnigrams());
  auto x = v.fitTransform(std::vector<std::string>{"a", "b", "c"});
  std::vector<std::size_t> pick{2, 0};
  auto y = x.selectRows(pick);
  ASSERT_EQ(y.rows(), 2u);
  EXPECT_NEAR(y.at(0, static_cast<std::size_t>(v.columnOf("c"))), 1.0, 1e-6);
  EXPECT_NEAR(y.at(1, static_cast<std::size_t>(v.columnOf("a"))), 1.0, 1e-6);
}

}  // namespace
}  // namespace tweetlab::features
