#pragma once
// A Hugging Face BERT checkpoint directory as one thing: config.json, vocab.txt
// (+ tokenizer_config.json) and model.safetensors or pytorch_model.bin, loaded into a
// BertEncoder and a WordPieceTokenizer with a report of what matched.
//
// Policy: a missing pooler is tolerated (some exports drop it; it stays randomly initialised and
// the report says so), any other missing tensor is a FormatError naming them all, because an
// encoder with a random layer is not the model the user chose. Unexpected tensors (pre-training
// heads "cls.*", a task head "classifier.*", the "position_ids" buffer) are listed and skipped.
#include <filesystem>
#include <optional>

#include "core/bert/BertConfig.h"
#include "core/bert/BertEncoder.h"
#include "core/bert/BertWeights.h"
#include "core/bert/WordPieceTokenizer.h"

namespace tweetlab::bert {

struct BertCheckpoint {
  BertConfig config;
  WordPieceTokenizer tokenizer;
  BertEncoder encoder{nullptr};
  WeightsReport report;
  TensorMap unused;  // the unexpected tensors themselves (a bundle's head is among them)
};

// `lowercase` overrides the tokenizer's own setting (see WordPieceTokenizer::fromDirectory).
BertCheckpoint loadCheckpoint(const std::filesystem::path& dir,
                              std::optional<bool> lowercase = std::nullopt);

// Writes config.json, vocab.txt, tokenizer_config.json and model.safetensors (Hugging Face
// names, `prefix` as given, plus `extra` tensors such as a classification head), so the
// directory loads back here and in Hugging Face's from_pretrained.
void saveCheckpoint(const std::filesystem::path& dir, const BertConfig& config,
                    const WordPieceTokenizer& tokenizer, BertEncoder& encoder,
                    const TensorMap& extra = {}, const std::string& prefix = "bert.");

}  // namespace tweetlab::bert
