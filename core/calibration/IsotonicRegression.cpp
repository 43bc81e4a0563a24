#include "core/calibration/IsotonicRegression.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/common/Errors.h"

namespace tweetlab::calibration {

IsotonicMap fitIsotonic(std::span<const double> scores, std::span<const int> labels) {
  if (scores.size() != labels.size())
    throw InputError("isotonic calibration: scores and labels differ in count");
  const auto positives = std::count(labels.begin(), labels.end(), 1);
  if (positives == 0 || positives == static_cast<long>(labels.size()))
    throw InputError("isotonic calibration needs labelled tweets of both classes");
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });

  // One block per distinct score first (equal scores must get one value), then pool adjacent
  // blocks while they violate the order.
  struct Block {
    double xMin, xMax, sum, weight;
    double mean() const { return sum / weight; }
  };
  std::vector<Block> blocks;
  for (auto i : order) {
    const double y = labels[i] == 1 ? 1.0 : 0.0;
    if (!blocks.empty() && blocks.back().xMax == scores[i]) {
      blocks.back().sum += y;
      blocks.back().weight += 1.0;
    } else {
      blocks.push_back({scores[i], scores[i], y, 1.0});
    }
    while (blocks.size() >= 2 && blocks[blocks.size() - 2].mean() >= blocks.back().mean()) {
      auto last = blocks.back();
      blocks.pop_back();
      auto& prev = blocks.back();
      prev.xMax = last.xMax;
      prev.sum += last.sum;
      prev.weight += last.weight;
    }
  }
  if (blocks.size() == 1 && blocks[0].xMin == blocks[0].xMax)
    throw InputError("isotonic calibration needs at least two distinct scores");

  // Each block contributes its two ends with its mean; interpolation then runs between blocks.
  IsotonicMap map;
  for (const auto& b : blocks) {
    map.x.push_back(b.xMin);
    map.y.push_back(b.mean());
    if (b.xMax > b.xMin) {
      map.x.push_back(b.xMax);
      map.y.push_back(b.mean());
    }
  }
  return map;
}

double applyIsotonic(const IsotonicMap& map, double p) {
  if (map.x.empty()) return p;
  if (!(p > map.x.front())) return map.y.front();  // also NaN -> the lowest value
  if (p >= map.x.back()) return map.y.back();
  const auto upper = std::upper_bound(map.x.begin(), map.x.end(), p);
  const auto k = static_cast<std::size_t>(upper - map.x.begin());
  const double x0 = map.x[k - 1], x1 = map.x[k];
  const double t = (p - x0) / (x1 - x0);
  return map.y[k - 1] + t * (map.y[k] - map.y[k - 1]);
}

void validate(const IsotonicMap& map) {
  if (map.x.size() != map.y.size() || map.x.empty())
    throw InputError("isotonic map: x and y must be non-empty and of the same size");
  for (std::size_t i = 0; i < map.x.size(); ++i) {
    if (!std::isfinite(map.x[i]) || !(map.y[i] >= 0.0 && map.y[i] <= 1.0))
      throw InputError("isotonic map: values out of range");
    if (i > 0 && !(map.x[i] > map.x[i - 1]))
      throw InputError("isotonic map: x must strictly increase");
    if (i > 0 && map.y[i] < map.y[i - 1])
      throw InputError("isotonic map: y decreases, the map would not be monotone");
  }
}

}  // namespace tweetlab::calibration
