#include <gtest/gtest.h>

#include <set>

#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/domain/LabelSelection.h"
#include "tests/unit/domain/DomainFixtures.h"

namespace tweetlab::domain {
namespace {

TEST(LabelSelection, UncertaintyPutsTheTweetNearestTheThresholdFirst) {
  const std::vector<double> p{0.9, 0.53, 0.15, 0.45, 0.97};
  SelectionOptions options;
  options.n = 3;
  const auto picked = selectForLabelling(p, {}, options);
  ASSERT_EQ(picked.size(), 3u);
  EXPECT_EQ(picked[0].index, 1u);  // |logit(0.53)| = 0.12 < |logit(0.45)| = 0.20
  EXPECT_EQ(picked[1].index, 3u);
  EXPECT_EQ(picked[2].index, 2u);  // |logit(0.15)| = 1.73 < |logit(0.9)| = 2.20
  // A calibrated bundle's threshold moves the centre of doubt.
  options.threshold = 0.92;
  EXPECT_EQ(selectForLabelling(p, {}, options)[0].index, 0u);
}

TEST(LabelSelection, DiverseStartsWithTheMostUncertainThenSpreads) {
  // Five near-identical uncertain complaints and three different uncertain tweets: a diverse
  // batch of four must not be four copies of the complaint.
  const std::vector<std::string> texts{"bag lost again",          "bag lost again today",
                                       "bag lost again !",        "my bag lost again",
                                       "bag lost again :(",       "the new album drops friday",
                                       "rain all week in london", "watching the game tonight"};
  const std::vector<double> p{0.50, 0.51, 0.49, 0.52, 0.48, 0.45, 0.56, 0.44};
  SelectionOptions options;
  options.strategy = Strategy::Diverse;
  options.n = 4;
  const auto picked = selectForLabelling(p, texts, options);
  ASSERT_EQ(picked.size(), 4u);
  EXPECT_EQ(picked[0].index, 0u);
  std::size_t copies = 0;
  for (const auto& s : picked) copies += s.index < 5 ? 1 : 0;
  EXPECT_LE(copies, 2u);
  // Plain uncertainty takes the five copies first.
  options.strategy = Strategy::Uncertainty;
  for (const auto& s : selectForLabelling(p, texts, options)) EXPECT_LT(s.index, 5u);
}

TEST(LabelSelection, RandomIsSeededAndNeverRepeats) {
  std::vector<double> p(100, 0.5);
  SelectionOptions options;
  options.strategy = Strategy::Random;
  options.n = 30;
  const auto a = selectForLabelling(p, {}, options);
  const auto b = selectForLabelling(p, {}, options);
  ASSERT_EQ(a.size(), 30u);
  std::set<std::size_t> distinct;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].index, b[i].index);
    distinct.insert(a[i].index);
  }
  EXPECT_EQ(distinct.size(), 30u);
  options.seed = 43;
  const auto c = selectForLabelling(p, {}, options);
  std::vector<std::size_t> first, other;
  for (std::size_t i = 0; i < a.size(); ++i) {
    first.push_back(a[i].index);
    other.push_back(c[i].index);
  }
  EXPECT_NE(first, other);
  options.n = 500;
  EXPECT_EQ(selectForLabelling(p, {}, options).size(), 100u);
  EXPECT_THROW(strategyFromString("smart"), InputError);
}

TEST(LabelSelection, ABundlesSuggestionsStartWithTheTweetItCannotCall) {
  // Strong words either way, and one tweet without a word the model knows: its P(positive) is the
  // bias alone, near 0.5 for a model trained on balanced tweets.
  testing::TempDir dir;
  const auto file = dir.write("pool.txt",
                              "i love this so much, best day ever\n"
                              "worst day ever, i hate everything\n"
                              "qwzx vrtp\n"
                              "thank you, so happy and excited\n"
                              "so sad and sick, miss you\n");
  const auto pool = sources::loadTextPool(file);
  ASSERT_EQ(pool.tweets.size(), 5u);
  const auto predictor = bundle::Predictor::load(testing::sourceBundle());
  SelectionOptions options;
  options.n = 2;
  const auto picked = suggestForPool(*predictor, pool, options, 1);
  ASSERT_EQ(picked.size(), 2u);
  EXPECT_EQ(pool.tweets[picked[0].index].text, "qwzx vrtp");
  EXPECT_EQ(pool.tweets[picked[0].index].line, 3u);
}

}  // namespace
}  // namespace tweetlab::domain
