#include "core/models/BertParams.h"

#include "core/common/Errors.h"

namespace tweetlab::models {

std::string toString(BertMode m) {
  return m == BertMode::FineTune ? "finetune" : "features";
}
std::string toString(BertPooling p) {
  return p == BertPooling::Cls ? "cls" : "mean";
}

nlohmann::json toJson(const BertParams& p) {
  return {{"bert", p.checkpoint},
          {"mode", toString(p.mode)},
          {"pooling", toString(p.pooling)},
          {"max_length", p.maxLength},
          {"batch_size", p.batchSize},
          {"grad_accumulation", p.accumulation},
          {"epochs", p.epochs},
          {"lr", p.learningRate},
          {"warmup_ratio", p.warmupRatio},
          {"weight_decay", p.weightDecay},
          {"clip_norm", p.clipNorm},
          {"dropout", p.dropout},
          {"head_hidden", p.headHidden},
          {"head_epochs", p.headEpochs},
          {"head_lr", p.headLearningRate},
          {"patience", p.patience},
          {"threads", p.threads},
          {"seed", p.seed}};
}

BertParams bertParamsFrom(const nlohmann::json& j) {
  BertParams p;
  const char* key = "";
  try {
    auto read = [&](const char* name, auto& field) {
      key = name;
      if (j.contains(name) && !j[name].is_null())
        field = j[name].get<std::decay_t<decltype(field)>>();
    };
    read("bert", p.checkpoint);
    std::string mode = toString(p.mode), pooling = toString(p.pooling);
    read("mode", mode);
    read("pooling", pooling);
    if (mode == "finetune" || mode == "fine-tune") {
      p.mode = BertMode::FineTune;
    } else if (mode == "features") {
      p.mode = BertMode::Features;
    } else {
      throw InputError("bert: mode must be finetune or features, not '" + mode + "'");
    }
    if (pooling == "cls") {
      p.pooling = BertPooling::Cls;
    } else if (pooling == "mean") {
      p.pooling = BertPooling::Mean;
    } else {
      throw InputError("bert: pooling must be cls or mean, not '" + pooling + "'");
    }
    read("max_length", p.maxLength);
    read("batch_size", p.batchSize);
    read("grad_accumulation", p.accumulation);
    read("epochs", p.epochs);
    read("lr", p.learningRate);
    read("warmup_ratio", p.warmupRatio);
    read("weight_decay", p.weightDecay);
    read("clip_norm", p.clipNorm);
    read("dropout", p.dropout);
    read("head_hidden", p.headHidden);
    read("head_epochs", p.headEpochs);
    read("head_lr", p.headLearningRate);
    read("patience", p.patience);
    read("threads", p.threads);
    read("seed", p.seed);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("bert: parameter '") + key + "': " + e.what());
  }
  auto require = [](bool ok, const std::string& message) {
    if (!ok) throw InputError("bert: " + message);
  };
  require(j.empty() || !p.checkpoint.empty(),
          "no checkpoint directory (param \"bert\", CLI --bert DIR); see docs/bert.md");
  require(p.maxLength >= 2 && p.maxLength <= 4096, "max_length must be 2..4096");
  require(p.batchSize >= 1, "batch_size must be >= 1");
  require(p.accumulation >= 1, "grad_accumulation must be >= 1");
  require(p.epochs >= 1 && p.headEpochs >= 1, "epochs and head_epochs must be >= 1");
  require(p.learningRate > 0 && p.headLearningRate > 0, "lr and head_lr must be > 0");
  require(p.warmupRatio >= 0 && p.warmupRatio < 1, "warmup_ratio must be in [0, 1)");
  require(p.dropout >= 0 && p.dropout < 1, "dropout must be in [0, 1)");
  require(p.headHidden >= 0, "head_hidden must be >= 0");
  require(p.patience >= 0 && p.threads >= 0, "patience and threads must be >= 0");
  return p;
}

}  // namespace tweetlab::models
