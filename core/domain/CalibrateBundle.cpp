#include "core/domain/CalibrateBundle.h"

#include <chrono>
#include <ctime>

#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/common/Platform.h"
#include "core/common/Sha256.h"
#include "core/data/Digest.h"
#include "core/sources/SourceLoader.h"
#include "core/sources/TextPool.h"

namespace tweetlab::domain {
namespace {

std::string utcNow() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  const std::tm tm = platform::utcTime(now);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// The prior the bundle's raw posteriors speak for: its training part's (weighted) share of
// positives, recorded since this release; older bundles were trained on balanced samples.
double sourcePrior(const bundle::BundleManifest& m) {
  const auto share = m.dataset.find("train_positive_share");
  if (share != m.dataset.end() && share->is_number()) {
    const double p = share->get<double>();
    if (p > 0.0 && p < 1.0) return p;
  }
  return 0.5;
}

}  // namespace

CalibrateOutcome calibrateBundle(const CalibrateRequest& request) {
  if (!request.labelled && !request.unlabelled) {
    throw InputError(
        "calibrate needs labelled target tweets (--data) or unlabelled ones "
        "(--unlabelled), or both");
  }
  const auto predictor = bundle::Predictor::load(request.bundle);
  const auto& manifest = predictor->manifest();

  calibration::CalibrationInput input;
  input.method = request.method;
  input.threshold = request.threshold;
  input.sourcePrior = sourcePrior(manifest);
  input.oldThreshold = manifest.threshold;

  std::vector<double> labelledScores, poolScores;
  std::vector<int> labels;
  if (request.labelled) {
    const auto set = sources::loadEvaluationSet(*request.labelled);
    labelledScores = predictor->rawProbabilities(set.dataset.texts());
    labels = set.dataset.labels();
    input.labelledScores = labelledScores;
    input.labels = labels;
    input.labelledInfo = {{"path", set.path.string()},
                          {"digest", set.digest},
                          {"rows", set.dataset.size()},
                          {"positives", set.dataset.labelCounts()[1]}};
  }
  if (request.unlabelled) {
    const auto pool = sources::loadTextPool(*request.unlabelled, request.unlabelledRead);
    poolScores = predictor->rawProbabilities(pool.texts());
    input.unlabelledScores = poolScores;
    data::Dataset asRows;  // the digest of the texts, as the other digests are computed
    for (const auto& t : pool.tweets) asRows.rows.push_back({t.text, 0});
    input.unlabelledInfo = {{"path", pool.file.string()},
                            {"digest", data::datasetDigest(asRows)},
                            {"rows", pool.tweets.size()}};
  }

  CalibrateOutcome out;
  out.calibration = calibration::fitCalibration(input);
  out.calibration.createdAt = utcNow();
  out.calibration.report["previous_calibration"] =
      manifest.calibration ? nlohmann::json(manifest.calibration->describe()) : nullptr;

  bundle::BundleManifest next = manifest;
  next.calibration = out.calibration;
  next.threshold = out.calibration.threshold;
  if (!request.version.empty()) {
    next.version = request.version;
  } else {
    auto base = manifest.version;
    if (const auto cal = base.find("-cal"); cal != std::string::npos) base.resize(cal);
    next.version = base + "-cal" + Sha256::of(out.calibration.toJson().dump()).substr(0, 6);
  }
  out.manifest = bundle::copyBundle(request.bundle, request.out, next);
  return out;
}

}  // namespace tweetlab::domain
