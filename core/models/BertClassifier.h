#pragma once
// The "bert" family behind the Classifier interface, over a Hugging Face checkpoint directory
// (params "bert"): either frozen features ([CLS] pooler or mean pooled, computed once) with a
// small MLP head, or fine-tuning end to end with a classification layer (AdamW, warm-up and
// linear decay, gradient accumulation). LibTorch stays in the .cpp (pimpl).
//
// Bundle files (model/): config.json, vocab.txt, tokenizer_config.json, model.safetensors
// (encoder under Hugging Face names + the head) and bert.json (params, report, history). The
// folder is itself a checkpoint directory: a fine-tuned cls model loads in Hugging Face's
// BertForSequenceClassification.
#include <memory>

#include "core/models/BertParams.h"
#include "core/models/Classifier.h"

namespace tweetlab::models {

class BertClassifier final : public Classifier {
 public:
  // InputError when params.device does not exist here (before any data is loaded).
  explicit BertClassifier(BertParams params);
  ~BertClassifier() override;

  std::string family() const override { return "bert"; }
  nlohmann::json params() const override { return toJson(params_); }
  // InputError without a checkpoint directory; FormatError for a bad checkpoint; CancelledError
  // when the observer asks (history() then holds the finished epochs).
  void fit(const LabeledTexts& train, const LabeledTexts& validation,
           train::TrainObserver& observer) override;
  std::vector<double> predictProba(std::span<const std::string> texts) const override;
  void save(const std::filesystem::path& dir) const override;
  void load(const std::filesystem::path& dir) override;
  // Continues from this model's tokenizer, encoder and head (not from the checkpoint directory);
  // refuses another checkpoint, mode, pooling or head size.
  void warmStart(const nlohmann::json& params) override;
  train::History history() const override { return history_; }
  nlohmann::json fitReport() const override { return report_; }
  void setDevice(std::string_view device) override;
  std::string device() const override { return device_; }
  void setProcessGroup(std::shared_ptr<train::ProcessGroup> group) override;

 private:
  struct Impl;
  BertParams params_;
  std::string device_;                          // resolved: "cpu", "cuda:N"
  std::shared_ptr<train::ProcessGroup> group_;  // null: this process alone
  std::unique_ptr<Impl> impl_;
  bool continuing_ = false;  // the next fit() starts from impl_ (warmStart)
  train::History history_;
  nlohmann::json report_ = nlohmann::json::object();
};

}  // namespace tweetlab::models
