#pragma once
// Label shift without labels (Saerens, Latinne & Decaestecker 2002, "Adjusting the outputs of a
// classifier to new a priori probabilities: a simple procedure"). If the posteriors P(+|x) are
// calibrated for the class prior they were trained under, the target's prior is the fixed point
// of EM: adjust every posterior to the current prior estimate (Bayes' rule with the prior ratio),
// average them into the next estimate, repeat. The adjusted posteriors then answer for the target.
#include <cstddef>
#include <span>
#include <vector>

namespace tweetlab::calibration {

// P(+|x) under `fromPrior` re-expressed under `toPrior`:
//   p' = (t/f) p / ((t/f) p + ((1-t)/(1-f)) (1-p)).  Strictly increasing in p for priors in (0,1).
double adjustToPrior(double p, double fromPrior, double toPrior);

struct PriorEstimate {
  double sourcePrior = 0.5;  // the prior the posteriors assumed
  double targetPrior = 0.5;  // the EM estimate
  int iterations = 0;
  bool converged = false;
  std::size_t rows = 0;
};

// InputError when `posteriors` is empty or a prior is not in (0, 1). The estimate is kept inside
// [0.001, 0.999] so a pool of one class cannot make the adjustment degenerate.
PriorEstimate estimateTargetPrior(std::span<const double> posteriors, double sourcePrior,
                                  double tolerance = 1e-6, int maxIterations = 1000);

}  // namespace tweetlab::calibration
