#include "core/models/LiblinearSolver.h"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>

#include "core/common/Errors.h"

namespace tweetlab::models {
namespace {

void silence(const char*) {}

// liblinear prints through one global function pointer: set it once, before any thread trains.
void silenceLiblinearOnce() {
  static std::once_flag once;
  std::call_once(once, [] { set_print_string_function(&silence); });
}

struct ModelDeleter {
  void operator()(model* m) const { free_and_destroy_model(&m); }
};

}  // namespace

double LinearWeights::decision(std::span<const std::uint32_t> indices,
                               std::span<const float> values) const {
  double z = bias;
  for (std::size_t k = 0; k < indices.size(); ++k) {
    if (indices[k] < w.size()) z += w[indices[k]] * static_cast<double>(values[k]);
  }
  return z;
}

double LinearWeights::probability(std::span<const std::uint32_t> indices,
                                  std::span<const float> values) const {
  return 1.0 / (1.0 + std::exp(-decision(indices, values)));
}

std::pair<double, double> balancedClassWeights(std::span<const int> labels) {
  const double n = static_cast<double>(labels.size());
  const double positives = static_cast<double>(std::count(labels.begin(), labels.end(), 1));
  const double negatives = n - positives;
  if (positives == 0 || negatives == 0) return {1.0, 1.0};
  return {n / (2.0 * negatives), n / (2.0 * positives)};
}

LinearWeights fitLogisticRegression(const features::SparseMatrix& x, std::span<const int> labels,
                                    const LiblinearOptions& options, const LinearWeights* start) {
  if (x.rows() != labels.size())
    throw InputError("logistic regression: rows and labels differ in count");
  const auto positives = std::count(labels.begin(), labels.end(), 1);
  if (positives == 0 || positives == static_cast<long>(labels.size())) {
    throw InputError("logistic regression needs both classes in the training data");
  }
  silenceLiblinearOnce();

  // liblinear wants 1-based feature_node rows ending in index -1, with the bias as an extra
  // feature of value interceptScaling.
  const int biasIndex = static_cast<int>(x.cols) + 1;
  std::vector<feature_node> nodes;
  nodes.reserve(x.nonZeros() + 2 * x.rows());
  std::vector<std::size_t> rowOffset(x.rows());
  for (std::size_t r = 0; r < x.rows(); ++r) {
    rowOffset[r] = nodes.size();
    auto idx = x.rowIndices(r);
    auto val = x.rowValues(r);
    for (std::size_t k = 0; k < idx.size(); ++k) {
      nodes.push_back({static_cast<int>(idx[k]) + 1, static_cast<double>(val[k])});
    }
    nodes.push_back({biasIndex, options.interceptScaling});
    nodes.push_back({-1, 0.0});
  }
  std::vector<feature_node*> rows(x.rows());
  std::vector<double> y(x.rows());
  for (std::size_t r = 0; r < x.rows(); ++r) {
    rows[r] = nodes.data() + rowOffset[r];
    // Positive first so liblinear's first label is +1: its w then scores the positive class.
    y[r] = labels[r] == 1 ? 1.0 : -1.0;
  }
  if (labels[0] != 1) {
    // liblinear orders classes by first appearance; put a positive row first.
    auto firstPositive =
        static_cast<std::size_t>(std::find(labels.begin(), labels.end(), 1) - labels.begin());
    std::swap(rows[0], rows[firstPositive]);
    std::swap(y[0], y[firstPositive]);
  }

  problem prob{};
  prob.l = static_cast<int>(x.rows());
  prob.n = biasIndex;
  prob.y = y.data();
  prob.x = rows.data();
  prob.bias = options.interceptScaling;

  int weightLabels[2] = {1, -1};
  double weights[2] = {options.positiveWeight, options.negativeWeight};
  parameter param{};
  param.solver_type = L2R_LR;
  param.eps = options.tolerance;
  param.C = options.C;
  param.nr_weight = 2;
  param.weight_label = weightLabels;
  param.weight = weights;
  param.p = 0.1;
  // In liblinear's terms: w scores label +1 (the positive rows come first, see above) and the
  // bias is the weight of the extra feature of value interceptScaling.
  std::vector<double> initial;
  if (start != nullptr) {
    if (start->w.size() != x.cols) {
      throw InputError("logistic regression: " + std::to_string(start->w.size()) +
                       " starting weights for " + std::to_string(x.cols) + " features");
    }
    initial.assign(start->w.begin(), start->w.end());
    initial.push_back(start->bias / options.interceptScaling);
  }
  param.init_sol = start != nullptr ? initial.data() : nullptr;
  if (const char* error = check_parameter(&prob, &param)) {
    throw InputError(std::string("liblinear rejected the parameters: ") + error);
  }
  // ::train is liblinear's; unqualified, the name could find the namespace tweetlab::train.
  std::unique_ptr<model, ModelDeleter> fitted(::train(&prob, &param));
  if (!fitted) throw Error("liblinear failed to train");

  LinearWeights out;
  // With labels {+1, -1} in that order, w scores label +1 (liblinear's two-class convention).
  const double sign = fitted->label[0] == 1 ? 1.0 : -1.0;
  out.w.resize(x.cols);
  for (std::size_t c = 0; c < x.cols; ++c) out.w[c] = sign * fitted->w[c];
  out.bias = sign * fitted->w[x.cols] * options.interceptScaling;
  return out;
}

}  // namespace tweetlab::models
