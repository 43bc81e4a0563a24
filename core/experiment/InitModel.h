#pragma once
// Continuing from an existing model: `train --init BUNDLE`, "model": {"init": BUNDLE} in a spec,
// the Train page's "Continue from". The bundle is opened and checked like any bundle
// (core/bundle: manifest, checksums), must hold the run's model family and preprocessing, and
// its classifier is told to continue (Classifier::warmStart) under the bundle's own parameters
// with the run's given ones on top. Which part of a model continues is the family's
// (docs/domain.md, "Continuing from a model").
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/bundle/Bundle.h"
#include "core/experiment/ExperimentSpec.h"

namespace tweetlab::experiment {

struct InitModel {
  std::filesystem::path path;
  // SHA-256 of the bundle's manifest.json, which lists every model file's SHA-256 (checked when
  // the bundle is opened): one digest names the exact model a run started from.
  std::string digest;
  bundle::BundleManifest manifest;
  std::unique_ptr<models::Classifier> classifier;  // loaded and ready to continue

  // path, digest, family, name, version, the split it was trained on and whether that is
  // `splitDigest` (the run's); a warning when not: the bundle may have trained on this run's
  // validation or test tweets.
  nlohmann::json describe(const std::string& splitDigest) const;
};

// The parameters a continued fit runs with: the bundle's (`saved`), with `given` on top.
nlohmann::json continuedParams(const nlohmann::json& saved, const nlohmann::json& given);

// Opens spec.model.init and makes its classifier ready to continue under
// continuedParams(bundle's, `given`), placed on given["device"] (auto when absent). InputError
// when the bundle holds another family or preprocessing than the spec, or when the parameters
// change what the model is made of; FormatError for a missing or broken bundle.
InitModel openInitModel(const ExperimentSpec& spec, const nlohmann::json& given);

}  // namespace tweetlab::experiment
