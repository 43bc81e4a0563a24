#include "core/bert/BertConfig.h"

#include "core/common/Errors.h"
#include "core/common/Json.h"

namespace tweetlab::bert {
namespace {

bool knownActivation(const std::string& act) {
  return act == "gelu" || act == "gelu_new" || act == "gelu_pytorch_tanh" || act == "relu";
}

}  // namespace

BertConfig BertConfig::fromJson(const nlohmann::json& j) {
  BertConfig c;
  const char* key = "";
  try {
    auto read = [&](const char* name, auto& field) {
      key = name;
      if (j.contains(name) && !j[name].is_null())
        field = j[name].get<std::decay_t<decltype(field)>>();
    };
    read("vocab_size", c.vocabSize);
    read("hidden_size", c.hiddenSize);
    read("num_hidden_layers", c.numLayers);
    read("num_attention_heads", c.numHeads);
    read("intermediate_size", c.intermediateSize);
    read("hidden_act", c.hiddenAct);
    read("hidden_dropout_prob", c.hiddenDropout);
    read("attention_probs_dropout_prob", c.attentionDropout);
    read("max_position_embeddings", c.maxPositions);
    read("type_vocab_size", c.typeVocabSize);
    read("layer_norm_eps", c.layerNormEps);
    read("pad_token_id", c.padTokenId);
    key = "position_embedding_type";
    if (j.value("position_embedding_type", std::string("absolute")) != "absolute") {
      throw InputError("config.json: position_embedding_type '" +
                       j["position_embedding_type"].get<std::string>() +
                       "' is not supported (only \"absolute\")");
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("config.json: key '") + key + "': " + e.what());
  }
  if (c.vocabSize <= 0 || c.hiddenSize <= 0 || c.numLayers <= 0 || c.numHeads <= 0 ||
      c.intermediateSize <= 0 || c.maxPositions <= 0 || c.typeVocabSize <= 0) {
    throw InputError("config.json: sizes must be positive");
  }
  if (c.hiddenSize % c.numHeads != 0) {
    throw InputError("config.json: hidden_size " + std::to_string(c.hiddenSize) +
                     " is not a multiple of num_attention_heads " + std::to_string(c.numHeads));
  }
  if (!knownActivation(c.hiddenAct)) {
    throw InputError("config.json: hidden_act '" + c.hiddenAct +
                     "' is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)");
  }
  return c;
}

BertConfig BertConfig::fromFile(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) {
    throw InputError(file.parent_path().string() +
                     " is not a BERT checkpoint directory: it has no config.json");
  }
  try {
    return fromJson(readJsonFile(file));
  } catch (const InputError& e) {
    throw InputError(file.string() + ": " + e.what());
  }
}

nlohmann::json BertConfig::toJson() const {
  return {{"architectures", {"BertModel"}},
          {"model_type", "bert"},
          {"vocab_size", vocabSize},
          {"hidden_size", hiddenSize},
          {"num_hidden_layers", numLayers},
          {"num_attention_heads", numHeads},
          {"intermediate_size", intermediateSize},
          {"hidden_act", hiddenAct},
          {"hidden_dropout_prob", hiddenDropout},
          {"attention_probs_dropout_prob", attentionDropout},
          {"max_position_embeddings", maxPositions},
          {"type_vocab_size", typeVocabSize},
          {"layer_norm_eps", layerNormEps},
          {"pad_token_id", padTokenId},
          {"position_embedding_type", "absolute"},
          {"initializer_range", 0.02}};
}

}  // namespace tweetlab::bert
