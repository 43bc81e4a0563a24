#pragma once
// A bundle scored on labelled target tweets, the way it answers in production: the Predictor's
// calibrated P(positive) at the bundle's threshold. Shared by `tweetlab-cli evaluate` and the
// workbench, and recorded as an "evaluation" run whose metrics carry each set's name as prefix
// (target_accuracy, target_balanced_accuracy, ...) so the Runs table can sort models by them.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/bundle/Predictor.h"
#include "core/eval/SetEvaluation.h"
#include "core/sources/SourceLoader.h"
#include "core/tracking/RunRecord.h"
#include "core/tracking/Tracking.h"

namespace tweetlab::domain {

struct BundleSetResult {
  sources::EvaluationSet set;                 // name, path, digest, rows
  eval::SetEvaluation evaluation;             // calibrated scores at the bundle's threshold
  std::optional<eval::SetEvaluation> before;  // raw scores at 0.5, when the bundle is calibrated
  double predictSeconds = 0.0;
};

struct BundleEvaluation {
  std::filesystem::path bundlePath;
  bundle::BundleManifest manifest;
  std::vector<BundleSetResult> sets;

  nlohmann::json toJson() const;
  // The run record: name "evaluate <bundle> <version>", tag tweetlab.run_kind = evaluation, the
  // bundle's identity and calibration as params, each set's tracked metrics and digest.
  tracking::RunRecord record() const;
  // Writes evaluation.json and plots/reliability.png (all sets on one diagram) into a run folder.
  tracking::ArtifactWriter artifactWriter() const;
};

BundleEvaluation evaluateBundle(const bundle::Predictor& predictor,
                                const std::filesystem::path& bundlePath,
                                std::vector<sources::EvaluationSet> sets);

// A metric-prefix name from a file name: "Airline Tweets-2024.csv" -> "airline_tweets_2024".
std::string setNameFromPath(const std::filesystem::path& file);

inline constexpr const char* kRunKindTag = "tweetlab.run_kind";

}  // namespace tweetlab::domain
