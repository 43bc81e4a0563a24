#pragma once
// The shape of a BERT, read from a Hugging Face config.json (the keys BertConfig writes).
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace tweetlab::bert {

struct BertConfig {
  std::int64_t vocabSize = 30522;        // vocab_size
  std::int64_t hiddenSize = 768;         // hidden_size
  std::int64_t numLayers = 12;           // num_hidden_layers
  std::int64_t numHeads = 12;            // num_attention_heads
  std::int64_t intermediateSize = 3072;  // intermediate_size
  std::string hiddenAct = "gelu";        // hidden_act: gelu (erf) | gelu_new | relu | ...
  double hiddenDropout = 0.1;            // hidden_dropout_prob
  double attentionDropout = 0.1;         // attention_probs_dropout_prob
  std::int64_t maxPositions = 512;       // max_position_embeddings
  std::int64_t typeVocabSize = 2;        // type_vocab_size
  double layerNormEps = 1e-12;           // layer_norm_eps
  std::int64_t padTokenId = 0;           // pad_token_id

  // InputError naming the key for a wrong type or an unsupported value (position embeddings
  // other than "absolute", hidden size not divisible by the heads, unknown activation).
  static BertConfig fromJson(const nlohmann::json& j);
  static BertConfig fromFile(const std::filesystem::path& file);
  // What Hugging Face's BertConfig.to_dict() would write for this shape.
  nlohmann::json toJson() const;
};

}  // namespace tweetlab::bert
