#include "core/bert/BertCheckpoint.h"

#include "core/common/Errors.h"
#include "core/common/Json.h"

namespace tweetlab::bert {

BertCheckpoint loadCheckpoint(const std::filesystem::path& dir, std::optional<bool> lowercase) {
  if (!std::filesystem::is_directory(dir)) {
    throw InputError("BERT checkpoint directory " + dir.string() + " does not exist");
  }
  const auto config = BertConfig::fromFile(dir / "config.json");
  auto tokenizer = WordPieceTokenizer::fromDirectory(dir, lowercase);
  if (static_cast<std::int64_t>(tokenizer.size()) > config.vocabSize) {
    throw FormatError((dir / "vocab.txt").string() + " has " + std::to_string(tokenizer.size()) +
                      " entries, more than config.json's vocab_size " +
                      std::to_string(config.vocabSize));
  }
  std::string source;
  auto tensors = readCheckpointTensors(dir, &source);
  BertEncoder encoder(config);
  auto report = assignHfWeights(encoder, tensors);
  report.source = source;
  std::vector<std::string> fatal;
  for (const auto& name : report.missing) {
    if (name.find("pooler.") == std::string::npos) fatal.push_back(name);
  }
  if (!fatal.empty()) {
    std::string list;
    for (std::size_t i = 0; i < fatal.size() && i < 8; ++i) list += (i ? ", " : "") + fatal[i];
    if (fatal.size() > 8) list += ", ... (" + std::to_string(fatal.size()) + " in all)";
    throw FormatError(source + " lacks tensors the BERT of config.json needs: " + list);
  }
  encoder->eval();
  TensorMap unused;
  for (const auto& name : report.unexpected) unused.emplace(name, std::move(tensors.at(name)));
  return {config, std::move(tokenizer), encoder, std::move(report), std::move(unused)};
}

void saveCheckpoint(const std::filesystem::path& dir, const BertConfig& config,
                    const WordPieceTokenizer& tokenizer, BertEncoder& encoder,
                    const TensorMap& extra, const std::string& prefix) {
  std::filesystem::create_directories(dir);
  writeJsonFile(dir / "config.json", config.toJson());
  tokenizer.save(dir);
  auto tensors = hfStateDict(encoder, prefix);
  for (const auto& [name, tensor] : extra) tensors[name] = tensor;
  writeSafeTensors(dir / "model.safetensors", tensors, {{"format", "pt"}});
}

}  // namespace tweetlab::bert
