#pragma once
// One experiment, start to finish, the same for the CLI, the GUI and the grid runner:
// load -> balanced sample -> stratified split -> preprocess -> fit -> score on validation
// (for comparing models) and on test (the final check) -> optionally a bundle.
#include <memory>

#include "core/bundle/Bundle.h"
#include "core/data/DatasetLoader.h"
#include "core/data/Splitting.h"
#include "core/eval/Metrics.h"
#include "core/experiment/ExperimentSpec.h"
#include "core/models/Classifier.h"
#include "core/train/TrainObserver.h"

namespace tweetlab::experiment {

// A loaded, sampled and split dataset; reused across the runs of a comparison or grid.
struct PreparedData {
  DataSpec spec;
  data::LoadReport report;
  data::DatasetSplit split;
};

PreparedData prepareData(const DataSpec& spec, train::TrainObserver& observer);

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

  // Flat summary used by `--json` and the comparison table (val_accuracy, val_auc, ...).
  nlohmann::json summary() const;
  // Dataset facts for bundles and run records (path, digest, sizes, seed, split).
  nlohmann::json datasetInfo() const;
};

ExperimentResult runExperiment(const ExperimentSpec& spec, const PreparedData& data,
                               train::TrainObserver& observer);

// Saves the fitted model with its preprocessing, validation metrics and dataset digest.
bundle::BundleManifest exportBundle(const ExperimentResult& result,
                                    const std::filesystem::path& dir, const std::string& name = {},
                                    const std::string& version = {});

}  // namespace tweetlab::experiment
