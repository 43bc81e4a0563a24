#pragma once
// `tweetlab-cli calibrate` and the workbench's Calibrate button: score labelled and/or unlabelled
// target tweets with a bundle's raw P(positive), fit the calibration (core/calibration), and write
// a new bundle whose manifest carries the map, the threshold and the data digests. The model files
// are copied unchanged; the new bundle gets its own version so the API and the Runs page tell the
// two apart.
#include <filesystem>
#include <optional>
#include <string>

#include "core/bundle/Bundle.h"
#include "core/calibration/Calibration.h"
#include "core/sources/SourceSpec.h"

namespace tweetlab::domain {

struct CalibrateRequest {
  std::filesystem::path bundle;
  std::filesystem::path out;  // may equal `bundle` (replaced atomically)
  calibration::Method method = calibration::Method::Isotonic;
  std::optional<calibration::ThresholdRule> threshold;  // default: balanced
  std::optional<sources::EvalSetSpec> labelled;         // labelled target tweets
  std::optional<std::filesystem::path> unlabelled;      // unlabelled target tweets (a pool)
  data::ReadOptions unlabelledRead;
  std::string version;  // empty: "<old version>-cal<6 hex digits of the calibration>"
};

struct CalibrateOutcome {
  bundle::BundleManifest manifest;  // as written
  calibration::Calibration calibration;
};

// InputError/FormatError/IoError as the parts throw them, naming the file at fault.
CalibrateOutcome calibrateBundle(const CalibrateRequest& request);

}  // namespace tweetlab::domain
