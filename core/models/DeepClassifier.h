#pragma once
// The deep sequence models, "cnn" and "bilstm", behind the Classifier interface. fit() builds the
// vocabulary and the embedding (Word2Vec / FastText trained on the training texts, GloVe from a
// file, or random) and trains the network with core/train's epoch loop (SequenceTask is what the
// deep families give it). LibTorch stays in the .cpp files (pimpl): including this header costs
// nothing.
//
// Bundle files (model/): vocabulary.txt, subwords.model (tokenizer "sentencepiece" only),
// weights.pt (the embedding layer as trained + the network), deep.json (params, shape, fit report
// with the embedding's vocabulary coverage, history).
#include <memory>

#include "core/models/Classifier.h"
#include "core/models/DeepParams.h"

namespace tweetlab::models {

class DeepClassifier final : public Classifier {
 public:
  // InputError when params.device does not exist here (before any data is loaded).
  explicit DeepClassifier(DeepParams params);
  ~DeepClassifier() override;

  std::string family() const override { return familyName(params_.architecture); }
  nlohmann::json params() const override { return toJson(params_); }
  // Throws CancelledError when the observer asks; history() then holds the finished epochs.
  void fit(const LabeledTexts& train, const LabeledTexts& validation,
           train::TrainObserver& observer) override;
  std::vector<double> predictProba(std::span<const std::string> texts) const override;
  void save(const std::filesystem::path& dir) const override;
  void load(const std::filesystem::path& dir) override;
  // Continues from this model's tokenizer, vocabulary, embedding layer and weights; refuses
  // params that change any of them or the network's shape.
  void warmStart(const nlohmann::json& params) override;
  train::History history() const override { return history_; }
  nlohmann::json fitReport() const override { return report_; }
  void setDevice(std::string_view device) override;
  std::string device() const override { return device_; }
  void setProcessGroup(std::shared_ptr<train::ProcessGroup> group) override;

 private:
  struct Impl;
  DeepParams params_;
  std::string device_;                          // resolved: "cpu", "cuda:N"
  std::shared_ptr<train::ProcessGroup> group_;  // null: this process alone
  std::unique_ptr<Impl> impl_;
  bool continuing_ = false;  // the next fit() starts from impl_ (warmStart)
  train::History history_;
  nlohmann::json report_ = nlohmann::json::object();
};

}  // namespace tweetlab::models
