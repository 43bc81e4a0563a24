#include "core/experiment/Experiment.h"

#include <algorithm>
#include <unordered_set>

#include "core/common/Errors.h"
#include "core/data/DataChecks.h"
#include "core/data/Sampling.h"
#include "core/eval/Stopwatch.h"
#include "core/experiment/InitModel.h"
#include "core/models/WeightedRows.h"
#include "core/train/ProcessGroup.h"

namespace tweetlab::experiment {

PreparedData prepareBaseData(const DataSpec& spec, train::TrainObserver& observer) {
  if (spec.path.empty()) throw InputError("no dataset given (data.path is empty)");
  PreparedData prepared;
  prepared.spec = spec;
  prepared.spec.add.clear();
  prepared.spec.eval.clear();
  data::ReadOptions read = spec.read;
  read.progress = [&observer](std::size_t done, std::size_t total) {
    observer.progress(done, total);
    return !observer.stopRequested();
  };
  observer.status("loading " + spec.path.filename().string());
  auto loaded = data::loadDataset(spec.path, read);
  data::requireUsableRows(loaded);  // e.g. every label unknown: say so, never "0 tweets ready"
  prepared.report = std::move(loaded.report);
  train::throwIfStopRequested(observer);
  auto sampled = spec.sample == 0 ? std::move(loaded.dataset)
                                  : data::balancedSample(loaded.dataset, spec.sample, spec.seed);
  prepared.split = data::stratifiedSplit(std::move(sampled), spec.split, spec.seed);
  data::requireUsableSplit(prepared.split);
  prepared.composition = sources::composeTraining(prepared.split, {});
  return prepared;
}

PreparedData withSources(PreparedData base, std::vector<sources::LoadedSource> added,
                         std::vector<sources::EvaluationSet> evalSets) {
  if (base.composition.hasAddedSources())
    throw Error("withSources: the base data already has added sources");
  base.spec.add.clear();
  for (const auto& s : added) base.spec.add.push_back(s.spec);
  base.spec.eval.clear();
  for (const auto& e : evalSets) base.spec.eval.push_back({e.name, e.path, {}});
  base.composition = sources::composeTraining(base.split, added);
  base.added = std::move(added);
  base.evalSets = std::move(evalSets);
  return base;
}

PreparedData prepareData(const DataSpec& spec, train::TrainObserver& observer) {
  auto base = prepareBaseData(spec, observer);
  std::vector<sources::LoadedSource> added;
  for (const auto& source : spec.add) {
    train::throwIfStopRequested(observer);
    observer.status("loading " + source.path.filename().string());
    added.push_back(sources::loadSource(source));
  }
  std::vector<sources::EvaluationSet> sets;
  for (const auto& set : spec.eval) {
    train::throwIfStopRequested(observer);
    observer.status("loading evaluation set " + set.name);
    sets.push_back(sources::loadEvaluationSet(set));
  }
  auto prepared = withSources(std::move(base), std::move(added), std::move(sets));
  prepared.spec = spec;  // with each source's and set's read options as given
  return prepared;
}

namespace {

// Each named set scored at the bundle's default threshold (0.5), with a warning when some of its
// tweets were also trained on (the number would flatter the model).
void evaluateNamedSets(ExperimentResult& r, const PreparedData& prepared,
                       const text::Preprocessor& preprocessor, unsigned threads,
                       train::TrainObserver& observer) {
  if (prepared.evalSets.empty()) return;
  std::unordered_set<std::string> trained;
  for (const auto& row : prepared.split.train.rows) trained.insert(row.text);
  for (const auto& set : prepared.evalSets) {
    observer.status("scoring evaluation set " + set.name);
    const auto texts = set.dataset.texts();
    const auto scores = r.classifier->predictProba(preprocessor.processAll(texts, threads));
    auto e = eval::evaluateSet(set.name, set.dataset.labels(), scores, 0.5);
    const auto overlap = static_cast<std::size_t>(std::count_if(
        texts.begin(), texts.end(), [&](const std::string& t) { return trained.count(t) > 0; }));
    if (overlap > 0) {
      e.warnings.push_back(std::to_string(overlap) + " of its " + std::to_string(texts.size()) +
                           " tweets are also in the training data: the numbers flatter the model");
    }
    r.evaluations.push_back(std::move(e));
    r.evalSetInfo.push_back({{"name", set.name},
                             {"path", set.path.string()},
                             {"digest", set.digest},
                             {"rows", set.dataset.size()},
                             {"trained_overlap", overlap}});
  }
}

}  // namespace

ExperimentResult runExperiment(const ExperimentSpec& spec, const PreparedData& prepared,
                               train::TrainObserver& observer,
                               const std::shared_ptr<train::ProcessGroup>& group) {
  ExperimentResult r;
  r.spec = spec;
  const auto& split = prepared.split;
  r.datasetDigest = split.digest;
  r.trainRows = split.train.size();
  r.validationRows = split.val.size();
  r.testRows = split.test.size();
  if (split.train.empty()) throw InputError("the training split is empty");
  if (group) {
    observer.status("checking that every rank holds the same split");
    group->requireSame("dataset digest (file, sample, split and seed)", split.digest);
  }

  const text::Preprocessor preprocessor(spec.preprocessing);
  observer.status("preprocessing (" + text::toString(spec.preprocessing.morphology) + ")");
  eval::Stopwatch clock;
  const auto trainRaw = split.train.texts();
  const auto trainTexts = preprocessor.processAll(trainRaw, spec.threads);
  const auto trainLabels = split.train.labels();
  const auto valTexts = preprocessor.processAll(split.val.texts(), spec.threads);
  const auto valLabels = split.val.labels();
  r.preprocessSeconds = clock.seconds();
  train::throwIfStopRequested(observer);

  auto params = spec.model.params.is_null() ? nlohmann::json::object() : spec.model.params;
  if (spec.threads != 0 && !params.contains("threads")) params["threads"] = spec.threads;
  if (spec.model.init.empty()) {
    r.classifier = models::makeClassifier(spec.model.family, params);
  } else {
    observer.status("loading the model to continue from " + spec.model.init.string());
    auto init = openInitModel(spec, params);
    r.classifier = std::move(init.classifier);
    r.init = init.describe(split.digest);
    // Where the fit starts: the bundle's model as it scores this run's validation split.
    if (!valTexts.empty() && (!group || group->isRoot()))
      r.initValidation = eval::evaluate(valLabels, r.classifier->predictProba(valTexts));
  }
  r.composition = prepared.composition;
  if (r.composition.parts.empty()) r.composition.parts.push_back(sources::basePart(split.train));
  const auto& weights = prepared.composition.weights;
  if (!weights.empty() && weights.size() != trainTexts.size())
    throw Error("the training weights do not match the training rows");
  if (group) r.classifier->setProcessGroup(group);
  clock.restart();
  if (weights.empty() || r.classifier->takesRowWeights()) {
    r.classifier->fit({trainTexts, trainLabels, weights}, {valTexts, valLabels}, observer);
  } else {
    const auto seed = static_cast<std::uint64_t>(spec.data.seed);
    const auto expanded = models::expandRows({trainTexts, trainLabels, weights}, seed);
    r.classifier->fit(expanded.view(), {valTexts, valLabels}, observer);
  }
  r.fitSeconds = clock.seconds();
  r.history = r.classifier->history();
  r.fitReport = r.classifier->fitReport();
  if (group && !group->isRoot()) {
    r.scored = false;  // rank 0 scores, tracks and writes the bundle for the group
    return r;
  }

  // Predict time is end to end, as a user of the bundle sees it: raw text in, probability out.
  observer.status("scoring the validation and test splits");
  const auto valRaw = split.val.texts();
  clock.restart();
  std::vector<double> valScores;
  if (!valRaw.empty()) {
    valScores = r.classifier->predictProba(preprocessor.processAll(valRaw, spec.threads));
  }
  r.predictSeconds = clock.seconds();
  r.predictMsPerTweet =
      valRaw.empty() ? 0.0 : 1000.0 * r.predictSeconds / static_cast<double>(valRaw.size());
  if (!valRaw.empty()) {
    r.validation = eval::evaluate(valLabels, valScores);
    r.validationRoc = eval::rocCurve(valLabels, valScores, 256);
  }
  if (!split.test.empty()) {
    const auto testScores =
        r.classifier->predictProba(preprocessor.processAll(split.test.texts(), spec.threads));
    r.test = eval::evaluate(split.test.labels(), testScores);
  }
  evaluateNamedSets(r, prepared, preprocessor, spec.threads, observer);
  return r;
}

nlohmann::json ExperimentResult::summary() const {
  auto number = [](double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
  };
  nlohmann::json out = {{"name", spec.displayName()},
                        {"model", spec.model.family},
                        {"preprocessing", text::toString(spec.preprocessing.morphology)},
                        {"params", classifier ? classifier->params() : nlohmann::json::object()},
                        {"val_accuracy", number(validation.accuracy)},
                        {"val_auc", number(validation.rocAuc)},
                        {"val_f1", number(validation.f1)},
                        {"val_precision", number(validation.precision)},
                        {"val_recall", number(validation.recall)},
                        {"val_log_loss", number(validation.logLoss)},
                        {"test_accuracy", number(test.accuracy)},
                        {"test_auc", number(test.rocAuc)},
                        {"fit_time_s", fitSeconds},
                        {"preprocess_time_s", preprocessSeconds},
                        {"predict_time_s", predictSeconds},
                        {"predict_ms_per_tweet", predictMsPerTweet},
                        {"train_rows", trainRows},
                        {"val_rows", validationRows},
                        {"test_rows", testRows},
                        {"dataset_digest", datasetDigest},
                        {"fit_report", fitReport}};
  if (composition.hasAddedSources()) out["sources"] = composition.toJson();
  if (!init.empty()) {
    out["init"] = init;
    if (initValidation.count > 0) {
      out["init"]["val_accuracy"] = number(initValidation.accuracy);
      out["init"]["val_auc"] = number(initValidation.rocAuc);
      out["init"]["val_log_loss"] = number(initValidation.logLoss);
    }
  }
  for (const auto& e : evaluations) {
    for (const auto& [key, value] : e.trackedMetrics()) out[key] = value;
    out["eval"][e.name] = e.toJson();
  }
  return out;
}

nlohmann::json ExperimentResult::datasetInfo() const {
  nlohmann::json info = {
      {"path", spec.data.path.string()},
      {"digest", datasetDigest},
      {"sample", spec.data.sample},
      {"seed", spec.data.seed},
      {"split", {spec.data.split.train, spec.data.split.val, spec.data.split.test}},
      {"train_rows", trainRows},
      {"val_rows", validationRows},
      {"test_rows", testRows},
      // The class prior the model was trained under (weighted), for label-shift adjustment.
      {"train_positive_share", composition.positiveShare()}};
  if (composition.hasAddedSources()) info["sources"] = composition.toJson()["sources"];
  if (!evalSetInfo.empty()) info["eval_sets"] = evalSetInfo;
  if (!init.empty()) {
    info["init"] = {{"path", init.value("path", "")},
                    {"digest", init.value("digest", "")},
                    {"version", init.value("version", "")}};
  }
  return info;
}

bundle::BundleManifest exportBundle(const ExperimentResult& result,
                                    const std::filesystem::path& dir, const std::string& name,
                                    const std::string& version) {
  if (!result.classifier) throw Error("no fitted model to export");
  bundle::BundleInfo info;
  info.name = name;
  info.version = version;
  info.metrics = eval::toJson(result.validation);
  info.dataset = result.datasetInfo();
  return bundle::saveBundle(dir, *result.classifier, result.spec.preprocessing, info);
}

}  // namespace tweetlab::experiment
