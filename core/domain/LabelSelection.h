#pragma once
// Which unlabelled tweets to label next. "uncertainty": the tweets the model is least sure about,
// i.e. whose calibrated P(positive) is closest to the bundle's threshold (measured in log-odds, so
// 0.49 vs 0.51 and 0.01 vs 0.02 are judged alike). "diverse": uncertainty with a spread over the
// pool: among the most uncertain candidates, k-means++ seeding on TF-IDF vectors (each next tweet
// drawn with probability proportional to its squared distance from those already chosen, times
// its uncertainty), so one batch does not ask about the same complaint fifty times. "random": a
// seeded random sample, the baseline every strategy must beat.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/bundle/Predictor.h"
#include "core/sources/TextPool.h"

namespace tweetlab::domain {

enum class Strategy { Uncertainty, Diverse, Random };
std::string toString(Strategy s);
Strategy strategyFromString(const std::string& s);  // InputError otherwise

struct Suggestion {
  std::size_t index = 0;     // into the pool
  double probability = 0.0;  // calibrated P(positive)
  double margin = 0.0;       // |logit(p) - logit(threshold)|: smaller = less sure
};

struct SelectionOptions {
  Strategy strategy = Strategy::Uncertainty;
  std::size_t n = 50;
  double threshold = 0.5;
  std::uint64_t seed = 42;
  std::size_t candidatesPerPick = 10;  // diverse: chooses among the n * this most uncertain
};

// `probabilities` and `processedTexts` (preprocessed, for "diverse") are one per pool tweet;
// `processedTexts` may be empty for the other strategies. Returns at most n suggestions, in the
// order to label them. InputError for sizes that differ.
std::vector<Suggestion> selectForLabelling(std::span<const double> probabilities,
                                           std::span<const std::string> processedTexts,
                                           const SelectionOptions& options);

// A bundle's suggestions for a pool: its calibrated scores, its threshold (options.threshold is
// ignored), its preprocessing for the diverse strategy's TF-IDF.
std::vector<Suggestion> suggestForPool(const bundle::Predictor& predictor,
                                       const sources::TextPool& pool, SelectionOptions options,
                                       unsigned threads = 0);

}  // namespace tweetlab::domain
