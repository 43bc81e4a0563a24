#include "core/calibration/PlattScaling.h"

#include <algorithm>
#include <cmath>

#include "core/common/Errors.h"

namespace tweetlab::calibration {

double logit(double p) {
  const double q = std::clamp(p, 1e-12, 1.0 - 1e-12);
  return std::log(q / (1.0 - q));
}

double sigmoid(double z) {
  return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

double applyPlatt(const PlattParams& params, double p) {
  return sigmoid(params.a * logit(p) + params.b);
}

PlattParams fitPlatt(std::span<const double> scores, std::span<const int> labels) {
  if (scores.size() != labels.size())
    throw InputError("Platt scaling: scores and labels differ in count");
  double positives = 0;
  for (int y : labels) positives += y == 1 ? 1.0 : 0.0;
  const double negatives = static_cast<double>(labels.size()) - positives;
  if (positives == 0 || negatives == 0)
    throw InputError("Platt scaling needs labelled tweets of both classes");
  const double hi = (positives + 1.0) / (positives + 2.0);
  const double lo = 1.0 / (negatives + 2.0);

  // Newton's method with a backtracking line search on the (convex) smoothed log loss.
  PlattParams w{1.0, 0.0};
  const auto loss = [&](const PlattParams& q) {
    double total = 0.0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
      const double z = q.a * logit(scores[i]) + q.b;
      const double t = labels[i] == 1 ? hi : lo;
      // t*log(1+e^-z) + (1-t)*log(1+e^z), computed stably.
      const double softplusNeg = z > 0 ? std::log1p(std::exp(-z)) : -z + std::log1p(std::exp(z));
      total += t * softplusNeg + (1.0 - t) * (softplusNeg + z);
    }
    return total;
  };
  double current = loss(w);
  for (int iteration = 0; iteration < 100; ++iteration) {
    double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
    for (std::size_t i = 0; i < scores.size(); ++i) {
      const double x = logit(scores[i]);
      const double p = sigmoid(w.a * x + w.b);
      const double t = labels[i] == 1 ? hi : lo;
      const double d = p - t;
      const double s = p * (1.0 - p);
      ga += d * x;
      gb += d;
      haa += s * x * x;
      hab += s * x;
      hbb += s;
    }
    const double det = haa * hbb - hab * hab;
    if (std::abs(ga) + std::abs(gb) < 1e-10 || det <= 0) break;
    const double da = (hbb * ga - hab * gb) / det;
    const double db = (haa * gb - hab * ga) / det;
    double step = 1.0;
    PlattParams next{w.a - da, w.b - db};
    double nextLoss = loss(next);
    while (nextLoss > current + 1e-12 && step > 1e-8) {
      step /= 2.0;
      next = {w.a - step * da, w.b - step * db};
      nextLoss = loss(next);
    }
    if (nextLoss > current + 1e-12) break;
    const bool converged = current - nextLoss < 1e-12 * std::max(1.0, current);
    w = next;
    current = nextLoss;
    if (converged) break;
  }
  if (!(w.a > 0) || !std::isfinite(w.b)) {
    throw InputError(
        "Platt scaling: the model's scores do not rank these labelled tweets the right way round "
        "(fitted slope " +
        std::to_string(w.a) + "); calibrating would invert the model");
  }
  return w;
}

}  // namespace tweetlab::calibration
