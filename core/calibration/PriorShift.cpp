#include "core/calibration/PriorShift.h"

#include <algorithm>
#include <cmath>

#include "core/common/Errors.h"

namespace tweetlab::calibration {
namespace {

void requirePrior(double prior, const char* what) {
  if (!(prior > 0.0 && prior < 1.0))
    throw InputError(std::string(what) + " must be strictly between 0 and 1, not " +
                     std::to_string(prior));
}

}  // namespace

double adjustToPrior(double p, double fromPrior, double toPrior) {
  const double positive = (toPrior / fromPrior) * p;
  const double negative = ((1.0 - toPrior) / (1.0 - fromPrior)) * (1.0 - p);
  const double total = positive + negative;
  return total > 0.0 ? positive / total : p;
}

PriorEstimate estimateTargetPrior(std::span<const double> posteriors, double sourcePrior,
                                  double tolerance, int maxIterations) {
  requirePrior(sourcePrior, "the source prior");
  if (posteriors.empty()) throw InputError("prior estimation needs at least one unlabelled tweet");
  PriorEstimate e;
  e.sourcePrior = sourcePrior;
  e.rows = posteriors.size();
  double prior = sourcePrior;
  for (e.iterations = 1; e.iterations <= maxIterations; ++e.iterations) {
    double sum = 0.0;
    for (double p : posteriors) sum += adjustToPrior(std::clamp(p, 0.0, 1.0), sourcePrior, prior);
    const double next = std::clamp(sum / static_cast<double>(posteriors.size()), 0.001, 0.999);
    const double change = std::abs(next - prior);
    prior = next;
    if (change < tolerance) {
      e.converged = true;
      break;
    }
  }
  e.iterations = std::min(e.iterations, maxIterations);
  e.targetPrior = prior;
  return e;
}

}  // namespace tweetlab::calibration
