#pragma once
// L2-regularised logistic regression through liblinear's primal trust-region Newton solver
// (solver L2R_LR, the one behind scikit-learn's LogisticRegression(solver="liblinear")).
#include <cstddef>
#include <span>
#include <vector>

#include "core/features/SparseMatrix.h"

namespace tweetlab::models {

// A fitted linear decision function: z = w·x + bias; P(positive) = 1 / (1 + e^-z).
struct LinearWeights {
  std::vector<double> w;
  double bias = 0.0;

  double decision(std::span<const std::uint32_t> indices, std::span<const float> values) const;
  double probability(std::span<const std::uint32_t> indices, std::span<const float> values) const;
};

struct LiblinearOptions {
  double C = 1.0;
  double tolerance = 1e-4;      // scikit-learn's default tol
  double positiveWeight = 1.0;  // class weights multiply C per class
  double negativeWeight = 1.0;
  double interceptScaling = 1.0;  // liblinear's bias feature value (penalised, as in sklearn)
};

// Fits on CSR features and 0/1 labels. Throws InputError when only one class is present.
// `start` (liblinear's init_sol): the solver starts from these weights instead of zero; they must
// be over the same features (x.cols weights). The problem is strictly convex, so where it starts
// changes the solver's path and time, not the optimum it reaches (to the tolerance).
LinearWeights fitLogisticRegression(const features::SparseMatrix& x, std::span<const int> labels,
                                    const LiblinearOptions& options,
                                    const LinearWeights* start = nullptr);

// Weights for class_weight="balanced": n / (2 * count(class)).
std::pair<double, double> balancedClassWeights(std::span<const int> labels);

}  // namespace tweetlab::models
