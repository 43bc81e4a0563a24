#include "core/domain/LearningCurve.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>

#include "core/calibration/Calibration.h"
#include "core/common/Errors.h"
#include "core/common/Numbers.h"
#include "core/data/Digest.h"
#include "core/data/Random.h"
#include "core/data/SplitExport.h"
#include "core/sources/Deduplicate.h"

namespace tweetlab::domain {
namespace {

constexpr const char* kTargetOnly = "target only";

template <typename T>
void shuffle(std::vector<T>& items, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  data::seededShuffle(items, rng);
}

data::Dataset rowsAt(const data::Dataset& from, std::span<const std::size_t> indices) {
  data::Dataset out;
  out.rows.reserve(indices.size());
  for (auto i : indices) out.rows.push_back(from.rows[i]);
  return out;
}

// Everything one repeat shares: the held-out target tweets, the pool (in a random order), the
// calibration tweets, and the base data with the target test set as its evaluation set.
struct Repeat {
  int index = 0;
  std::uint64_t seed = 0;
  data::Dataset pool;  // random order; random selection takes prefixes
  std::vector<std::string> poolProcessed;
  data::Dataset calibration;  // extra labels for calibration (may be empty)
  data::Dataset test;
  experiment::PreparedData prepared;
};

class CurveRunner {
 public:
  CurveRunner(const CurveSpec& spec, train::TrainObserver& observer, const CurvePointSink& sink)
      : spec_(spec), observer_(observer), sink_(sink), preprocessor_(spec.base.preprocessing) {}

  CurveResult run() {
    validate();
    observer_.status("loading the base data");
    auto baseData = spec_.base.data;
    baseData.eval.clear();
    base_ = experiment::prepareData(baseData, observer_);
    observer_.status("loading the target tweets");
    loadTarget();
    for (int r = 0; r < spec_.repeats; ++r) runRepeat(makeRepeat(r));
    return std::move(result_);
  }

 private:
  void validate() const {
    if (spec_.repeats < 1) throw InputError("curve: --repeats must be at least 1");
    if (spec_.budgets.empty()) throw InputError("curve: no label budgets");
    if (spec_.strategies.empty()) throw InputError("curve: no strategy");
    if (spec_.testRows == 0) throw InputError("curve: the held-out target set needs rows");
    if (!spec_.base.data.add.empty())
      throw InputError("curve: --add is not supported; the curve adds the target labels itself");
    sources::validateWeight(spec_.targetWeight, "the target labels");
  }

  void loadTarget() {
    auto set = sources::loadEvaluationSet(spec_.target);
    // A tweet repeated in the file must not sit in the pool and the test set at once.
    std::vector<sources::LabelledRow> rows;
    std::size_t line = 0;
    for (auto& row : set.dataset.rows) rows.push_back({std::move(row.text), row.label, ++line});
    target_ = sources::deduplicate(rows).dataset;
    std::size_t largest = 0;
    for (auto b : spec_.budgets) largest = std::max(largest, b);
    for (auto b : spec_.extraRandomBudgets) largest = std::max(largest, b);
    const auto needed = spec_.testRows + spec_.calibrationLabels + largest;
    if (target_.size() < needed) {
      throw InputError(
          "curve: " + spec_.target.path.string() + " has " + std::to_string(target_.size()) +
          " distinct labelled tweets; the test set, " +
          "the calibration labels and the largest budget need " + std::to_string(needed));
    }
  }

  Repeat makeRepeat(int r) const {
    Repeat rep;
    rep.index = r;
    rep.seed = spec_.base.data.seed + 7919ULL * static_cast<std::uint64_t>(r);
    // Stratified held-out set: each class keeps its share.
    std::vector<std::size_t> byClass[2];
    for (std::size_t i = 0; i < target_.size(); ++i)
      byClass[target_.rows[i].label == data::kPositive ? 1 : 0].push_back(i);
    std::vector<std::size_t> testIdx, poolIdx;
    for (int c = 0; c < 2; ++c) {
      shuffle(byClass[c], rep.seed + static_cast<std::uint64_t>(c) + 1);
      const auto take = static_cast<std::size_t>(std::llround(
          static_cast<double>(spec_.testRows) * static_cast<double>(byClass[c].size()) /
          static_cast<double>(target_.size())));
      testIdx.insert(testIdx.end(), byClass[c].begin(),
                     byClass[c].begin() + static_cast<long>(std::min(take, byClass[c].size())));
      poolIdx.insert(poolIdx.end(),
                     byClass[c].begin() + static_cast<long>(std::min(take, byClass[c].size())),
                     byClass[c].end());
    }
    shuffle(poolIdx, rep.seed + 3);
    const auto cal = std::min(spec_.calibrationLabels, poolIdx.size());
    rep.calibration = rowsAt(target_, std::span(poolIdx).first(cal));
    rep.pool = rowsAt(target_, std::span(poolIdx).subspan(cal));
    rep.test = rowsAt(target_, testIdx);
    if (!spec_.exportDir.empty()) {
      const auto dir = spec_.exportDir / ("repeat" + std::to_string(r + 1));
      std::filesystem::create_directories(dir);
      data::writeCsv(dir / "pool.csv", rep.pool);
      data::writeCsv(dir / "test.csv", rep.test);
      data::writeCsv(dir / "calibration.csv", rep.calibration);
    }
    rep.poolProcessed = preprocessor_.processAll(rep.pool.texts(), spec_.base.threads);
    rep.prepared = base_;
    sources::EvaluationSet test;
    test.name = spec_.target.name;
    test.path = spec_.target.path;
    test.dataset = rep.test;
    test.digest = data::datasetDigest(rep.test);
    rep.prepared.evalSets = {std::move(test)};
    return rep;
  }

  // Trains on base + `selected` target labels (or on them alone) and scores the held-out tweets.
  std::unique_ptr<experiment::ExperimentResult> trainPoint(const Repeat& rep,
                                                           const data::Dataset& selected,
                                                           const std::string& strategy,
                                                           std::size_t budget, bool withBase) {
    auto prepared = rep.prepared;
    if (withBase) {
      std::vector<sources::LoadedSource> added;
      if (!selected.empty()) {
        sources::LoadedSource s;
        s.spec.path = spec_.target.path;
        s.spec.weight = spec_.targetWeight;
        s.kind = "target labels";
        s.dataset = selected;
        s.digest = data::datasetDigest(selected);
        added.push_back(std::move(s));
      }
      prepared.composition = sources::composeTraining(prepared.split, added);
    } else {
      prepared.split.train = selected;
      prepared.composition = sources::composeTraining(prepared.split, {});
    }
    auto spec = spec_.base;
    spec.name = "curve · " + strategy + " · " + std::to_string(budget) + " labels · repeat " +
                std::to_string(rep.index + 1);
    spec.data.eval = {spec_.target};
    observer_.status(spec.name);
    auto result = std::make_unique<experiment::ExperimentResult>(
        experiment::runExperiment(spec, prepared, observer_));

    CurvePoint point;
    point.strategy = strategy;
    point.budget = budget;
    point.repeat = rep.index;
    point.atHalf = result->evaluations.at(0);
    point.valAccuracy = result->validation.accuracy;
    if (!rep.calibration.empty()) calibrate(rep, *result, point);
    result->extraParams["curve.strategy"] = strategy;
    result->extraParams["curve.budget"] = std::to_string(budget);
    result->extraParams["curve.repeat"] = std::to_string(rep.index + 1);
    result->extraParams["curve.target_weight"] = formatDouble(spec_.targetWeight);
    result->extraParams["curve.test_rows"] = std::to_string(rep.test.size());
    result->extraParams["curve.calibration_labels"] = std::to_string(rep.calibration.size());
    result->extraTags["tweetlab.run_kind"] = "curve";
    if (sink_) sink_(*result, point);
    result_.points.push_back(point);
    return result;
  }

  // Platt map and balanced threshold from the calibration labels, applied to the held-out tweets.
  void calibrate(const Repeat& rep, experiment::ExperimentResult& result, CurvePoint& point) {
    const auto raw = result.classifier->predictProba(
        preprocessor_.processAll(rep.calibration.texts(), spec_.base.threads));
    const auto labels = rep.calibration.labels();
    calibration::CalibrationInput in;
    in.method = calibration::Method::Platt;
    in.threshold = calibration::ThresholdRule::parse("balanced");
    in.labelledScores = raw;
    in.labels = labels;
    try {
      const auto c = calibration::fitCalibration(in);
      const auto testRaw = result.classifier->predictProba(
          preprocessor_.processAll(rep.test.texts(), spec_.base.threads));
      point.calibrated = eval::evaluateSet(spec_.target.name + "_calibrated", rep.test.labels(),
                                           c.apply(testRaw), c.threshold);
      for (const auto& [k, v] : point.calibrated->trackedMetrics()) result.extraMetrics[k] = v;
      result.extraParams["curve.calibration"] = c.describe();
    } catch (const InputError& e) {
      observer_.status(std::string("no calibration for this point: ") + e.what());
    }
  }

  std::vector<double> poolScores(const Repeat& rep, const experiment::ExperimentResult& model,
                                 std::span<const std::size_t> remaining, double& threshold) {
    std::vector<std::string> texts;
    texts.reserve(remaining.size());
    for (auto i : remaining) texts.push_back(rep.poolProcessed[i]);
    auto scores = model.classifier->predictProba(texts);
    threshold = 0.5;
    // With calibration labels, measure uncertainty around the calibrated decision: the same
    // Platt map and threshold the point was scored with.
    if (!rep.calibration.empty()) {
      const auto raw = model.classifier->predictProba(
          preprocessor_.processAll(rep.calibration.texts(), spec_.base.threads));
      const auto labels = rep.calibration.labels();
      calibration::CalibrationInput in;
      in.method = calibration::Method::Platt;
      in.labelledScores = raw;
      in.labels = labels;
      try {
        const auto c = calibration::fitCalibration(in);
        scores = c.apply(scores);
        threshold = c.threshold;
      } catch (const InputError&) {  // keep the raw scores and 0.5
      }
    }
    return scores;
  }

  void runRepeat(const Repeat& rep) {
    std::vector<std::size_t> budgets = spec_.budgets;
    std::sort(budgets.begin(), budgets.end());
    budgets.erase(std::unique(budgets.begin(), budgets.end()), budgets.end());
    // Budget 0 is the base data alone, the same model for every strategy.
    std::shared_ptr<experiment::ExperimentResult> baseOnly;
    std::optional<CurvePoint> basePoint;
    if (budgets.front() == 0 || std::any_of(spec_.strategies.begin(), spec_.strategies.end(),
                                            [](Strategy s) { return s != Strategy::Random; })) {
      baseOnly = trainPoint(rep, {}, toString(spec_.strategies.front()), 0, true);
      basePoint = result_.points.back();
      result_.points.pop_back();
    }
    for (auto strategy : spec_.strategies) {
      const auto name = toString(strategy);
      std::vector<std::size_t> selected;  // indices into rep.pool
      std::vector<bool> taken(rep.pool.size(), false);
      std::shared_ptr<experiment::ExperimentResult> previous = baseOnly;
      for (auto budget : budgets) {
        train::throwIfStopRequested(observer_);
        if (budget == 0) {
          // Budgets are sorted: a 0 is the front, so the base model was trained above.
          if (!basePoint) throw std::logic_error("learning curve: budget 0 without a base model");
          auto p = *basePoint;
          p.strategy = name;
          result_.points.push_back(p);
          continue;
        }
        const std::size_t need = budget - selected.size();
        if (strategy == Strategy::Random) {
          for (std::size_t i = selected.size(); i < budget; ++i) selected.push_back(i);
        } else {
          std::vector<std::size_t> remaining;
          for (std::size_t i = 0; i < rep.pool.size(); ++i)
            if (!taken[i]) remaining.push_back(i);
          double threshold = 0.5;
          const auto scores = poolScores(rep, *previous, remaining, threshold);
          std::vector<std::string> texts;
          if (strategy == Strategy::Diverse)
            for (auto i : remaining) texts.push_back(rep.poolProcessed[i]);
          SelectionOptions options;
          options.strategy = strategy;
          options.n = need;
          options.threshold = threshold;
          options.seed = rep.seed + budget;
          for (const auto& s : selectForLabelling(scores, texts, options))
            selected.push_back(remaining[s.index]);
        }
        for (auto i : selected) taken[i] = true;
        previous = trainPoint(rep, rowsAt(rep.pool, selected), name, budget, true);
      }
      if (strategy == Strategy::Random) {
        for (auto budget : spec_.extraRandomBudgets) {
          std::vector<std::size_t> prefix(budget);
          std::iota(prefix.begin(), prefix.end(), 0);
          trainPoint(rep, rowsAt(rep.pool, prefix), name, budget, true);
        }
      }
    }
    if (spec_.targetOnly) {
      auto all = budgets;
      all.insert(all.end(), spec_.extraRandomBudgets.begin(), spec_.extraRandomBudgets.end());
      for (auto budget : all) {
        if (budget == 0) continue;
        std::vector<std::size_t> prefix(budget);
        std::iota(prefix.begin(), prefix.end(), 0);
        try {
          trainPoint(rep, rowsAt(rep.pool, prefix), kTargetOnly, budget, false);
        } catch (const InputError& e) {
          // E.g. too few labels of a class for the model's cross-validation: no point, and why.
          observer_.status("target only, " + std::to_string(budget) + " labels: " + e.what());
        }
      }
    }
  }

  const CurveSpec& spec_;
  train::TrainObserver& observer_;
  const CurvePointSink& sink_;
  text::Preprocessor preprocessor_;
  experiment::PreparedData base_;
  data::Dataset target_;
  CurveResult result_;
};

void addMetric(std::map<std::string, std::vector<double>>& into, const std::string& key, double v) {
  if (std::isfinite(v)) into[key].push_back(v);
}

}  // namespace

std::vector<std::size_t> parseBudgets(const std::string& list) {
  std::set<std::size_t> budgets;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    const auto item = list.substr(start, end - start);
    const auto value = parseDouble(item);
    if (!value || *value < 0 || *value != std::floor(*value) || *value > 1e7)
      throw InputError("label budgets must be whole numbers >= 0 separated by commas, not '" +
                       list + "'");
    budgets.insert(static_cast<std::size_t>(*value));
    start = end + 1;
  }
  return {budgets.begin(), budgets.end()};
}

std::vector<CurveSummaryRow> CurveResult::summary() const {
  std::vector<std::pair<std::string, std::size_t>> order;
  std::map<std::pair<std::string, std::size_t>, std::map<std::string, std::vector<double>>> groups;
  for (const auto& p : points) {
    const auto key = std::make_pair(p.strategy, p.budget);
    if (!groups.count(key)) order.push_back(key);
    auto& g = groups[key];
    const auto& m = p.atHalf.metrics;
    addMetric(g, "accuracy", m.accuracy);
    if (!p.atHalf.oneClass()) {
      addMetric(g, "balanced_accuracy", m.balancedAccuracy);
      addMetric(g, "roc_auc", m.rocAuc);
      addMetric(g, "macro_f1", m.macroF1);
    }
    addMetric(g, "ece", p.atHalf.reliability.expectedCalibrationError);
    addMetric(g, "val_accuracy", p.valAccuracy);
    if (p.calibrated) {
      addMetric(g, "cal_accuracy", p.calibrated->metrics.accuracy);
      addMetric(g, "cal_balanced_accuracy", p.calibrated->metrics.balancedAccuracy);
      addMetric(g, "cal_ece", p.calibrated->reliability.expectedCalibrationError);
    }
    addMetric(g, "runs", 1.0);
  }
  std::vector<CurveSummaryRow> rows;
  for (const auto& key : order) {
    CurveSummaryRow row;
    row.strategy = key.first;
    row.budget = key.second;
    for (const auto& [name, values] : groups[key]) {
      if (name == "runs") {
        row.runs = static_cast<int>(values.size());
        continue;
      }
      const double mean =
          std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
      row.metrics[name] = {mean, *std::min_element(values.begin(), values.end()),
                           *std::max_element(values.begin(), values.end())};
    }
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.strategy == b.strategy ? a.budget < b.budget : false;
  });
  return rows;
}

nlohmann::json CurveResult::toJson() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : summary()) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [k, v] : r.metrics)
      metrics[k] = {{"mean", v[0]}, {"min", v[1]}, {"max", v[2]}};
    rows.push_back(
        {{"strategy", r.strategy}, {"budget", r.budget}, {"runs", r.runs}, {"metrics", metrics}});
  }
  nlohmann::json all = nlohmann::json::array();
  for (const auto& p : points) {
    nlohmann::json j = {{"strategy", p.strategy},        {"budget", p.budget},
                        {"repeat", p.repeat + 1},        {"run_id", p.runId},
                        {"val_accuracy", p.valAccuracy}, {"target", p.atHalf.toJson()}};
    if (p.calibrated) j["calibrated"] = p.calibrated->toJson();
    all.push_back(std::move(j));
  }
  return {{"summary", rows}, {"points", all}};
}

std::vector<tracking::CurveSeries> CurveResult::series(const std::string& metric) const {
  std::vector<tracking::CurveSeries> out;
  for (const auto& row : summary()) {
    const auto m = row.metrics.find(metric);
    if (m == row.metrics.end()) continue;
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const tracking::CurveSeries& s) { return s.name == row.strategy; });
    if (it == out.end()) {
      out.push_back({row.strategy, {}});
      it = std::prev(out.end());
    }
    it->points.push_back(
        {static_cast<double>(row.budget), m->second[0], m->second[1], m->second[2]});
  }
  for (auto& s : out) {
    std::sort(s.points.begin(), s.points.end(),
              [](const auto& a, const auto& b) { return a.x < b.x; });
  }
  return out;
}

CurveResult runLearningCurve(const CurveSpec& spec, train::TrainObserver& observer,
                             const CurvePointSink& sink) {
  return CurveRunner(spec, observer, sink).run();
}

}  // namespace tweetlab::domain
