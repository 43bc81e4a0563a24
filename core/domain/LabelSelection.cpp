#include "core/domain/LabelSelection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/calibration/PlattScaling.h"
#include "core/common/Errors.h"
#include "core/data/Random.h"
#include "core/features/TfidfVectorizer.h"

namespace tweetlab::domain {
namespace {

std::vector<Suggestion> byUncertainty(std::span<const double> p, double threshold) {
  const double cut = calibration::logit(threshold);
  std::vector<Suggestion> all;
  all.reserve(p.size());
  for (std::size_t i = 0; i < p.size(); ++i)
    all.push_back({i, p[i], std::abs(calibration::logit(p[i]) - cut)});
  std::stable_sort(all.begin(), all.end(),
                   [](const Suggestion& a, const Suggestion& b) { return a.margin < b.margin; });
  return all;
}

// k-means++ seeding over L2-normalised TF-IDF rows, weighted by uncertainty.
std::vector<Suggestion> diverse(std::vector<Suggestion> candidates,
                                std::span<const std::string> texts, std::size_t n,
                                std::uint64_t seed) {
  std::vector<std::string> docs;
  for (const auto& c : candidates) docs.push_back(texts[c.index]);
  features::TfidfConfig config;
  config.minDf = 1;  // a candidate set is small: keep every word
  features::TfidfVectorizer vectorizer(config);
  const auto x = vectorizer.fitTransform(docs);
  std::vector<double> weight;
  for (const auto& c : candidates) weight.push_back(1.0 / (1.0 + c.margin));

  std::vector<double> nearest(candidates.size(), std::numeric_limits<double>::infinity());
  std::vector<bool> chosen(candidates.size(), false);
  std::vector<double> center(x.cols, 0.0);
  std::mt19937_64 rng(seed);
  std::vector<Suggestion> out;
  std::size_t pick = 0;  // the most uncertain first
  while (out.size() < n) {
    chosen[pick] = true;
    out.push_back(candidates[pick]);
    if (out.size() == n) break;
    // Squared distance of every candidate to the new centre: |a|^2 + |b|^2 - 2 a.b, with rows of
    // norm 1 (or 0 for a text with no known word).
    std::fill(center.begin(), center.end(), 0.0);
    auto ci = x.rowIndices(pick);
    auto cv = x.rowValues(pick);
    double centerNorm = 0.0;
    for (std::size_t k = 0; k < ci.size(); ++k) {
      center[ci[k]] = cv[k];
      centerNorm += static_cast<double>(cv[k]) * cv[k];
    }
    double total = 0.0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (chosen[i]) continue;
      auto ri = x.rowIndices(i);
      auto rv = x.rowValues(i);
      double dot = 0.0, norm = 0.0;
      for (std::size_t k = 0; k < ri.size(); ++k) {
        dot += center[ri[k]] * rv[k];
        norm += static_cast<double>(rv[k]) * rv[k];
      }
      nearest[i] = std::min(nearest[i], std::max(0.0, norm + centerNorm - 2.0 * dot));
      total += nearest[i] * weight[i];
    }
    if (total <= 0.0) {
      // Every candidate left is a copy of one already chosen: take them by uncertainty.
      pick =
          static_cast<std::size_t>(std::find(chosen.begin(), chosen.end(), false) - chosen.begin());
      if (pick == candidates.size()) break;
      continue;
    }
    double target = data::unitInterval(rng) * total;
    pick = candidates.size();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (chosen[i]) continue;
      target -= nearest[i] * weight[i];
      pick = i;
      if (target <= 0.0) break;
    }
  }
  return out;
}

}  // namespace

std::string toString(Strategy s) {
  switch (s) {
    case Strategy::Diverse:
      return "diverse";
    case Strategy::Random:
      return "random";
    case Strategy::Uncertainty:
      break;
  }
  return "uncertainty";
}

Strategy strategyFromString(const std::string& s) {
  if (s == "uncertainty") return Strategy::Uncertainty;
  if (s == "diverse") return Strategy::Diverse;
  if (s == "random") return Strategy::Random;
  throw InputError("strategy must be uncertainty, diverse or random, not '" + s + "'");
}

std::vector<Suggestion> selectForLabelling(std::span<const double> probabilities,
                                           std::span<const std::string> processedTexts,
                                           const SelectionOptions& options) {
  if (options.strategy == Strategy::Diverse && processedTexts.size() != probabilities.size()) {
    throw InputError("diverse selection: " + std::to_string(probabilities.size()) + " scores but " +
                     std::to_string(processedTexts.size()) + " texts");
  }
  const std::size_t n = std::min(options.n, probabilities.size());
  if (n == 0) return {};
  if (options.strategy == Strategy::Random) {
    std::vector<std::size_t> order(probabilities.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(options.seed);
    for (std::size_t i = 0; i < n; ++i)
      std::swap(order[i], order[i + data::uniformBelow(rng, order.size() - i)]);
    const double cut = calibration::logit(options.threshold);
    std::vector<Suggestion> out;
    for (std::size_t i = 0; i < n; ++i) {
      const auto k = order[i];
      out.push_back({k, probabilities[k], std::abs(calibration::logit(probabilities[k]) - cut)});
    }
    return out;
  }
  auto ranked = byUncertainty(probabilities, options.threshold);
  if (options.strategy == Strategy::Uncertainty) {
    ranked.resize(n);
    return ranked;
  }
  const std::size_t candidates =
      std::min(ranked.size(), std::max(n, n * std::max<std::size_t>(1, options.candidatesPerPick)));
  ranked.resize(candidates);
  return diverse(std::move(ranked), processedTexts, n, options.seed);
}

std::vector<Suggestion> suggestForPool(const bundle::Predictor& predictor,
                                       const sources::TextPool& pool, SelectionOptions options,
                                       unsigned threads) {
  const auto texts = pool.texts();
  const auto scores = predictor.probabilities(texts);
  std::vector<std::string> processed;
  if (options.strategy == Strategy::Diverse)
    processed = predictor.preprocessor().processAll(texts, threads);
  options.threshold = predictor.threshold();
  return selectForLabelling(scores, processed, options);
}

}  // namespace tweetlab::domain
