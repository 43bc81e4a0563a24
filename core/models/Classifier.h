#pragma once
// The one interface every model family implements. The GUI, the CLI, the API and the bundle code
// never switch on the model type: they hold a Classifier.
//
// Texts given to a Classifier are already preprocessed (core/text/Preprocessor::process): tokens
// separated by single spaces. Labels are 0 (negative) / 1 (positive).
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/train/History.h"
#include "core/train/TrainObserver.h"

namespace tweetlab::train {
class ProcessGroup;
}

namespace tweetlab::models {

struct LabeledTexts {
  std::span<const std::string> texts;
  std::span<const int> labels;
  // How much each row counts in training (> 0), e.g. tester feedback weighted above the base data
  // (core/sources/Composition). Empty: every row counts 1. Validation sets never carry weights.
  std::span<const double> weights = {};
  std::size_t size() const { return texts.size(); }
  bool weighted() const { return !weights.empty(); }
};

class Classifier {
 public:
  virtual ~Classifier() = default;

  // Stable family name, also the bundle's "family" field: "logreg", "fasttext", ...
  virtual std::string family() const = 0;
  // Hyper-parameters as used, including any chosen by the model itself (e.g. C from CV).
  virtual nlohmann::json params() const = 0;

  // Trains from scratch. `validation` (may be empty) is for early stopping / history only, never
  // for fitting weights. Throws CancelledError when observer.stopRequested().
  virtual void fit(const LabeledTexts& train, const LabeledTexts& validation,
                   train::TrainObserver& observer) = 0;

  // P(positive) per text. Thread-safe on a fitted or loaded model.
  virtual std::vector<double> predictProba(std::span<const std::string> texts) const = 0;

  // Writes/reads the model's own files inside `dir` (the bundle's model/ folder).
  virtual void save(const std::filesystem::path& dir) const = 0;
  virtual void load(const std::filesystem::path& dir) = 0;

  // True when fit() honours LabeledTexts::weights itself. Otherwise the caller
  // (core/experiment) gives it the weighted rows repeated (core/models/WeightedRows).
  virtual bool takesRowWeights() const { return false; }

  // Makes the next fit() continue from this fitted or loaded model instead of starting afresh
  // (train --init BUNDLE; core/experiment/InitModel), under `params`: the family's parameters
  // for that fit (e.g. fewer epochs, a lower rate). What is kept depends on the family
  // (docs/domain.md, "Continuing from a model"). InputError, before any work, when the family
  // cannot continue a model or `params` would change what the model is made of (network shape,
  // vocabulary, feature space).
  virtual void warmStart(const nlohmann::json& params);

  // Per-epoch history of the last fit (empty for models not trained in epochs).
  virtual train::History history() const { return {}; }
  // Extra facts about the last fit worth tracking (cross-validation scores, vocabulary size...).
  virtual nlohmann::json fitReport() const { return nlohmann::json::object(); }

  // Where the model computes from now on: "auto" | "cpu" | "cuda" | "cuda:N"
  // (core/train/DeviceName.h). The LibTorch families (cnn, bilstm, bert) move a fitted or loaded
  // model there and predict there; their next fit() trains where their "device" parameter says.
  // The other families compute on the CPU and accept only auto and cpu. InputError, before any
  // work, for a device this build or machine does not have.
  virtual void setDevice(std::string_view device);
  // The device predictProba() runs on now ("cpu", "cuda:0").
  virtual std::string device() const { return "cpu"; }
  // The next fit() trains data-parallel with the other ranks of `group`
  // (core/train/ProcessGroup.h): same data on every rank, each trains on its share of every batch,
  // rank 0 validates. Families not trained in epochs refuse with an InputError naming the ones that
  // can.
  virtual void setProcessGroup(std::shared_ptr<train::ProcessGroup> group);
};

// For warmStart(): InputError when `continued` (the parameters a continued fit asks for) differs
// from `saved` (the model's own) in one of `keys`, the settings that make the model what it is.
void requireSameSettings(const std::string& family, const nlohmann::json& saved,
                         const nlohmann::json& continued, std::span<const char* const> keys);

// Families known to this build, in the order the UI lists them.
std::vector<std::string> classifierFamilies();

// Creates an unfitted classifier; unknown family or bad params -> InputError naming them.
std::unique_ptr<Classifier> makeClassifier(std::string_view family,
                                           const nlohmann::json& params = nlohmann::json::object());

}  // namespace tweetlab::models
