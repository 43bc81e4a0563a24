#pragma once
// One experiment, start to finish, the same for the CLI, the GUI and the grid runner:
// load -> balanced sample -> stratified split -> added sources join the training part ->
// preprocess -> fit (afresh, or continuing a bundle's model: core/experiment/InitModel) -> score on
// validation (for comparing models), on test (the final check) and on each named evaluation set
// (e.g. the target domain) -> optionally a bundle.
#include <map>
#include <memory>

#include "core/bundle/Bundle.h"
#include "core/data/DatasetLoader.h"
#include "core/data/Splitting.h"
#include "core/eval/Metrics.h"
#include "core/eval/SetEvaluation.h"
#include "core/experiment/ExperimentSpec.h"
#include "core/models/Classifier.h"
#include "core/sources/Composition.h"
#include "core/sources/SourceLoader.h"
#include "core/train/TrainObserver.h"

namespace tweetlab::train {
class ProcessGroup;
}

namespace tweetlab::experiment {

// A loaded, sampled and split dataset; reused across the runs of a comparison or grid.
struct PreparedData {
  DataSpec spec;
  data::LoadReport report;
  data::DatasetSplit split;                  // split.train ends with the added sources' rows
  std::vector<sources::LoadedSource> added;  // what each --add source gave (for reports)
  sources::TrainingComposition composition;  // who each training row is, and its weight
  std::vector<sources::EvaluationSet> evalSets;
};

PreparedData prepareData(const DataSpec& spec, train::TrainObserver& observer);

// The base data (loaded, sampled, split) without any added source or evaluation set: what the
// workbench keeps so that adding a source later does not reload and resplit the base.
PreparedData prepareBaseData(const DataSpec& spec, train::TrainObserver& observer);
// Base data plus already loaded sources (joined to the training part only) and evaluation sets.
// `base` must not hold added sources yet. spec.add / spec.eval are set from what is given.
PreparedData withSources(PreparedData base, std::vector<sources::LoadedSource> added,
                         std::vector<sources::EvaluationSet> evalSets);

struct ExperimentResult {
  ExperimentSpec spec;
  std::unique_ptr<models::Classifier> classifier;
  eval::BinaryMetrics validation;
  eval::BinaryMetrics test;
  std::vector<eval::RocPoint> validationRoc;  // thinned to at most 256 points for plots
  train::History history;
  nlohmann::json fitReport;
  double preprocessSeconds = 0;  // train + validation + test texts
  double fitSeconds = 0;         // Classifier::fit on the training split
  double predictSeconds = 0;     // raw validation texts -> probabilities (preprocessing included)
  double predictMsPerTweet = 0;
  std::string datasetDigest;
  std::size_t trainRows = 0, validationRows = 0, testRows = 0;
  sources::TrainingComposition composition;
  // A continued model (spec.model.init): the bundle it started from (InitModel::describe) and
  // that starting model's validation metrics, measured before the fit. Empty / count 0 otherwise.
  nlohmann::json init = nlohmann::json::object();
  eval::BinaryMetrics initValidation;
  std::vector<eval::SetEvaluation> evaluations;          // one per named evaluation set
  nlohmann::json evalSetInfo = nlohmann::json::array();  // name, path, digest, rows of each
  // What a caller adds to the tracked run (e.g. a learning-curve point's strategy and budget).
  std::map<std::string, std::string> extraParams;
  std::map<std::string, std::string> extraTags;
  std::map<std::string, double> extraMetrics;
  // False on the ranks other than 0 of a data-parallel run: they train, rank 0 scores, tracks
  // and writes the bundle.
  bool scored = true;

  // Flat summary used by `--json` and the comparison table (val_accuracy, val_auc, ...).
  nlohmann::json summary() const;
  // Dataset facts for bundles and run records (path, digest, sizes, seed, split).
  nlohmann::json datasetInfo() const;
};

// `group`: the ranks of a data-parallel run (core/train/ProcessGroup.h); null for this process
// alone. Every rank calls this with the same spec and its own copy of the data: the ranks first
// compare their dataset digests (a mismatch stops all with an InputError), then train together,
// and rank 0 alone scores the validation and test splits.
ExperimentResult runExperiment(const ExperimentSpec& spec, const PreparedData& data,
                               train::TrainObserver& observer,
                               const std::shared_ptr<train::ProcessGroup>& group = nullptr);

// Saves the fitted model with its preprocessing, validation metrics and dataset digest.
bundle::BundleManifest exportBundle(const ExperimentResult& result,
                                    const std::filesystem::path& dir, const std::string& name = {},
                                    const std::string& version = {});

}  // namespace tweetlab::experiment
