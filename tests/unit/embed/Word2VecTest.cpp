#include <gtest/gtest.h>

#include <numeric>

#include "core/common/Errors.h"
#include "core/embed/Word2Vec.h"
#include "tests/support/RecordingObserver.h"
#include "tests/support/SampleTweets.h"

namespace tweetlab::embed {
namespace {

struct Corpus {
  text::Vocabulary vocabulary;
  std::vector<std::vector<std::int32_t>> sentences;
};

// Real tweets from the bundled sample, preprocessed (shared by the tests: preprocessing costs).
const Corpus& corpus() {
  static const Corpus c = [] {
    const auto tweets = testing::sampleTweets(12000, 3);
    Corpus out;
    out.vocabulary = text::Vocabulary::build(tweets.texts, {.minCount = 5, .maxSize = 0});
    for (const auto& t : tweets.texts) out.sentences.push_back(out.vocabulary.knownIds(t));
    return out;
  }();
  return c;
}

Word2VecOptions small(bool skipGram) {
  Word2VecOptions o;
  o.skipGram = skipGram;
  o.dim = 50;
  o.epochs = 5;
  o.seed = 11;
  return o;
}

// Mean cosine similarity of related pairs minus that of every pair among the frequent words: a
// model that learned nothing scores about 0.
double relatedMinusAverage(const EmbeddingMatrix& m, const text::Vocabulary& v) {
  static constexpr std::pair<const char*, const char*> related[]{
      {"morning", "night"}, {"good", "great"},     {"sad", "miss"},     {"haha", "lol"},
      {"thanks", "thank"},  {"tomorrow", "today"}, {"love", "awesome"}, {"work", "tired"}};
  double relatedSum = 0;
  for (const auto& [a, b] : related) {
    const auto ia = v.id(a), ib = v.id(b);
    EXPECT_GE(ia, 2) << a;
    EXPECT_GE(ib, 2) << b;
    relatedSum += cosineSimilarity(m, static_cast<std::size_t>(ia), static_cast<std::size_t>(ib));
  }
  double allSum = 0;
  std::size_t pairs = 0;
  for (std::size_t i = 2; i < 202; ++i) {
    for (std::size_t j = i + 1; j < 202; ++j, ++pairs) allSum += cosineSimilarity(m, i, j);
  }
  return relatedSum / static_cast<double>(std::size(related)) - allSum / static_cast<double>(pairs);
}

TEST(Word2Vec, SkipGramPutsRelatedWordsCloserThanAverage) {
  const auto& c = corpus();
  const auto m = trainWord2Vec(c.vocabulary, c.sentences, small(true));
  EXPECT_EQ(m.rows, c.vocabulary.size());
  EXPECT_EQ(m.dim, 50u);
  EXPECT_EQ(m.source, "word2vec-skipgram");
  EXPECT_DOUBLE_EQ(m.coverage(), 1.0);  // every vocabulary word occurs in its own corpus
  const double margin = relatedMinusAverage(m, c.vocabulary);
  RecordProperty("margin", std::to_string(margin));
  EXPECT_GT(margin, 0.15);
  for (std::size_t k = 0; k < m.dim; ++k) EXPECT_EQ(m.row(0)[k], 0.0f);  // <pad>
}

TEST(Word2Vec, CbowLearnsToo) {
  const auto& c = corpus();
  auto o = small(false);
  o.epochs = 15;   // CBOW averages its context: on 12k tweets it needs more passes than skip-gram
  o.alpha = 0.05;  // word2vec.c's CBOW default
  const auto m = trainWord2Vec(c.vocabulary, c.sentences, o);
  EXPECT_EQ(m.source, "word2vec-cbow");
  EXPECT_GT(relatedMinusAverage(m, c.vocabulary), 0.1);
}

TEST(Word2Vec, SameSeedSameVectors) {
  const auto& c = corpus();
  auto o = small(true);
  o.epochs = 1;
  const std::span<const std::vector<std::int32_t>> head(c.sentences.data(), 2000);
  const auto a = trainWord2Vec(c.vocabulary, head, o);
  const auto b = trainWord2Vec(c.vocabulary, head, o);
  EXPECT_EQ(a.values, b.values);
  o.seed = 12;
  EXPECT_NE(a.values, trainWord2Vec(c.vocabulary, head, o).values);
}

TEST(Word2Vec, CancelStopsTraining) {
  const auto& c = corpus();
  testing::RecordingObserver observer(/*stopAfterProgressCalls=*/1);
  EXPECT_THROW(trainWord2Vec(c.vocabulary, c.sentences, small(true), observer), CancelledError);
}

TEST(Word2Vec, RejectsIdsOutsideTheVocabulary) {
  const text::Vocabulary v;
  const std::vector<std::vector<std::int32_t>> sentences{{5}};
  EXPECT_THROW(trainWord2Vec(v, sentences, small(true)), InputError);
}

}  // namespace
}  // namespace tweetlab::embed
