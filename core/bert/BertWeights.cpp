#include "core/bert/BertWeights.h"

#include <set>

#include "core/bert/TorchPickle.h"
#include "core/common/Errors.h"

namespace tweetlab::bert {
namespace {

std::string shapeText(const torch::Tensor& t) {
  std::string s = "[";
  for (auto d : t.sizes()) s += (s.size() > 1 ? ", " : "") + std::to_string(d);
  return s + "]";
}

// TensorFlow-converted checkpoints name LayerNorm's weight/bias gamma/beta (Hugging Face renames
// them the same way when loading).
std::string canonicalName(std::string name) {
  auto replaceSuffix = [&](const std::string& from, const std::string& to) {
    if (name.size() >= from.size() &&
        name.compare(name.size() - from.size(), from.size(), from) == 0) {
      name = name.substr(0, name.size() - from.size()) + to;
    }
  };
  replaceSuffix("LayerNorm.gamma", "LayerNorm.weight");
  replaceSuffix("LayerNorm.beta", "LayerNorm.bias");
  return name;
}

}  // namespace

nlohmann::json WeightsReport::toJson() const {
  return {{"source", source},
          {"prefix", prefix},
          {"loaded", loaded},
          {"missing", missing},
          {"unexpected", unexpected}};
}

std::vector<std::pair<std::string, std::string>> hfParameterNames(const BertConfig& config) {
  std::vector<std::pair<std::string, std::string>> names;
  auto both = [&](const std::string& ours, const std::string& theirs) {
    names.emplace_back(ours + ".weight", theirs + ".weight");
    names.emplace_back(ours + ".bias", theirs + ".bias");
  };
  names.emplace_back("embeddings.word.weight", "embeddings.word_embeddings.weight");
  names.emplace_back("embeddings.position.weight", "embeddings.position_embeddings.weight");
  names.emplace_back("embeddings.token_type.weight", "embeddings.token_type_embeddings.weight");
  both("embeddings.norm", "embeddings.LayerNorm");
  for (std::int64_t i = 0; i < config.numLayers; ++i) {
    const auto ours = "layers." + std::to_string(i) + ".";
    const auto theirs = "encoder.layer." + std::to_string(i) + ".";
    both(ours + "query", theirs + "attention.self.query");
    both(ours + "key", theirs + "attention.self.key");
    both(ours + "value", theirs + "attention.self.value");
    both(ours + "attention_output", theirs + "attention.output.dense");
    both(ours + "attention_norm", theirs + "attention.output.LayerNorm");
    both(ours + "intermediate", theirs + "intermediate.dense");
    both(ours + "output", theirs + "output.dense");
    both(ours + "output_norm", theirs + "output.LayerNorm");
  }
  both("pooler", "pooler.dense");
  return names;
}

TensorMap readCheckpointTensors(const std::filesystem::path& dir, std::string* source) {
  const auto safetensors = dir / "model.safetensors";
  const auto pytorch = dir / "pytorch_model.bin";
  if (std::filesystem::exists(safetensors)) {
    if (source) *source = safetensors.string();
    return readSafeTensors(safetensors);
  }
  if (std::filesystem::exists(pytorch)) {
    if (source) *source = pytorch.string();
    return readTorchStateDict(pytorch);
  }
  std::string hint;
  if (std::filesystem::exists(dir / "tf_model.h5") ||
      std::filesystem::exists(dir / "flax_model.msgpack")) {
    hint = " (TensorFlow/Flax weights are not read: download the PyTorch or safetensors files)";
  }
  throw InputError(dir.string() + " has no model.safetensors or pytorch_model.bin" + hint);
}

WeightsReport assignHfWeights(BertEncoder& encoder, const TensorMap& tensors) {
  WeightsReport report;
  // A task model's names carry "bert."; BertModel's do not.
  std::size_t prefixed = 0;
  for (const auto& [name, tensor] : tensors) prefixed += name.rfind("bert.", 0) == 0 ? 1 : 0;
  report.prefix = prefixed * 2 > tensors.size() ? "bert." : "";

  std::map<std::string, std::string> fileNames;  // canonical HF name (no prefix) -> name in file
  for (const auto& [name, tensor] : tensors) {
    if (!report.prefix.empty() && name.rfind(report.prefix, 0) != 0) {
      report.unexpected.push_back(name);
      continue;
    }
    fileNames.emplace(canonicalName(name.substr(report.prefix.size())), name);
  }
  auto parameters = encoder->named_parameters();
  std::set<std::string> used;
  torch::NoGradGuard noGrad;
  for (const auto& [ours, theirs] : hfParameterNames(encoder->config)) {
    auto* target = parameters.find(ours);
    if (target == nullptr)
      throw Error("BertEncoder has no parameter " + ours + " (name table out of date)");
    const auto found = fileNames.find(theirs);
    if (found == fileNames.end()) {
      report.missing.push_back(report.prefix + theirs);
      continue;
    }
    const auto& source = tensors.at(found->second);
    if (source.sizes() != target->sizes()) {
      throw FormatError("checkpoint tensor " + found->second + " has shape " + shapeText(source) +
                        ", the model built from config.json expects " + shapeText(*target));
    }
    target->copy_(source);
    used.insert(found->first);
    ++report.loaded;
  }
  for (const auto& [canonical, name] : fileNames) {
    if (used.count(canonical) == 0) report.unexpected.push_back(name);
  }
  std::sort(report.unexpected.begin(), report.unexpected.end());
  return report;
}

TensorMap hfStateDict(BertEncoder& encoder, const std::string& prefix) {
  TensorMap out;
  auto parameters = encoder->named_parameters();
  for (const auto& [ours, theirs] : hfParameterNames(encoder->config)) {
    out.emplace(prefix + theirs, parameters[ours].detach());
  }
  return out;
}

}  // namespace tweetlab::bert
