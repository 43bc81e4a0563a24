#include "core/models/BertParams.h"

#include "core/common/Errors.h"
#include "core/train/DeviceName.h"

namespace tweetlab::models {

std::string toString(BertMode m) {
  return m == BertMode::FineTune ? "finetune" : "features";
}
std::string toString(BertPooling p) {
  return p == BertPooling::Cls ? "cls" : "mean";
}

train::TrainerOptions bertTrainerDefaults() {
  train::TrainerOptions o;
  o.epochs = 3;
  o.batchSize = 32;
  o.learningRate = 5e-5;
  o.weightDecay = 0.01;
  o.schedule = train::LrSchedule::Linear;
  o.warmupRatio = 0.1;
  o.clipNorm = 1.0;
  o.patience = 3;
  return o;
}

nlohmann::json toJson(const BertParams& p) {
  nlohmann::json j = {{"bert", p.checkpoint},           {"mode", toString(p.mode)},
                      {"pooling", toString(p.pooling)}, {"max_length", p.maxLength},
                      {"dropout", p.dropout},           {"head_hidden", p.headHidden},
                      {"head_epochs", p.headEpochs},    {"head_lr", p.headLearningRate},
                      {"threads", p.threads},           {"device", p.device}};
  train::writeTrainerOptions(p.trainer, j);
  return j;
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
    read("dropout", p.dropout);
    read("head_hidden", p.headHidden);
    read("head_epochs", p.headEpochs);
    read("head_lr", p.headLearningRate);
    read("threads", p.threads);
    read("device", p.device);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("bert: parameter '") + key + "': " + e.what());
  }
  p.trainer = train::trainerOptionsFrom(j, p.trainer, "bert");
  auto require = [](bool ok, const std::string& message) {
    if (!ok) throw InputError("bert: " + message);
  };
  require(j.empty() || !p.checkpoint.empty(),
          "no checkpoint directory (param \"bert\", CLI --bert DIR); see docs/bert.md");
  require(p.maxLength >= 2 && p.maxLength <= 4096, "max_length must be 2..4096");
  require(p.headEpochs >= 1, "head_epochs must be >= 1");
  require(p.headLearningRate > 0, "head_lr must be > 0");
  require(p.dropout >= 0 && p.dropout < 1, "dropout must be in [0, 1)");
  require(p.headHidden >= 0, "head_hidden must be >= 0");
  require(p.threads >= 0, "threads must be >= 0");
  try {
    train::validateDeviceName(p.device);
  } catch (const InputError& e) {
    throw InputError(std::string("bert: ") + e.what());
  }
  return p;
}

}  // namespace tweetlab::models
