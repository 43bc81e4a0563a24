#pragma once
// Hugging Face checkpoint tensors <-> BertEncoder parameters, by an explicit name table, so that
// every tensor the file has and the model does not (and the reverse) is named in a report
// instead of silently ignored or left random.
//
// Accepted spellings: BertModel's names ("embeddings.word_embeddings.weight"), the task models'
// names with the "bert." prefix (BertForSequenceClassification, BertForPreTraining), and the
// TensorFlow-converted "LayerNorm.gamma"/"LayerNorm.beta" for weight/bias.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/bert/BertEncoder.h"
#include "core/bert/SafeTensors.h"

namespace tweetlab::bert {

struct WeightsReport {
  std::string source;                   // the file read
  std::string prefix;                   // "bert." or ""
  std::size_t loaded = 0;               // tensors copied into the model
  std::vector<std::string> missing;     // model parameters the file lacks (left at initialisation)
  std::vector<std::string> unexpected;  // file tensors the model has no place for (not used)
  nlohmann::json toJson() const;
};

// (TweetLab parameter name, Hugging Face BertModel name) for every parameter of the encoder.
std::vector<std::pair<std::string, std::string>> hfParameterNames(const BertConfig& config);

// Reads DIR/model.safetensors, else DIR/pytorch_model.bin (torch.save zip format).
// InputError when the directory has neither; FormatError for an unreadable file.
TensorMap readCheckpointTensors(const std::filesystem::path& dir, std::string* source = nullptr);

// Copies matching tensors into `encoder`. A shape mismatch is a FormatError naming the tensor.
WeightsReport assignHfWeights(BertEncoder& encoder, const TensorMap& tensors);

// The encoder's parameters under Hugging Face names with `prefix` ("bert." for a task model).
TensorMap hfStateDict(BertEncoder& encoder, const std::string& prefix = "bert.");

}  // namespace tweetlab::bert
