#include "core/train/TrainerOptions.h"

#include "core/common/Errors.h"

namespace tweetlab::train {

std::string toString(LrSchedule s) {
  switch (s) {
    case LrSchedule::Step:
      return "step";
    case LrSchedule::Plateau:
      return "plateau";
    case LrSchedule::Linear:
      return "linear";
    case LrSchedule::Constant:
      break;
  }
  return "none";
}

LrSchedule lrScheduleFromString(std::string_view s) {
  if (s == "none" || s == "constant") return LrSchedule::Constant;
  if (s == "step") return LrSchedule::Step;
  if (s == "plateau") return LrSchedule::Plateau;
  if (s == "linear") return LrSchedule::Linear;
  throw InputError("lr_schedule must be none, step, plateau or linear, not '" + std::string(s) +
                   "'");
}

void validate(const TrainerOptions& o, std::string_view who) {
  const auto require = [&](bool ok, const char* rule) {
    if (!ok) throw InputError(std::string(who) + ": " + rule);
  };
  require(o.epochs >= 1, "epochs must be >= 1");
  require(o.batchSize >= 1, "batch_size must be >= 1");
  require(o.accumulation >= 1, "grad_accumulation must be >= 1");
  require(o.learningRate > 0, "lr must be > 0");
  require(o.weightDecay >= 0, "weight_decay must be >= 0");
  require(o.warmupRatio >= 0 && o.warmupRatio < 1, "warmup_ratio must be in [0, 1)");
  require(o.stepEpochs >= 1, "step_epochs must be >= 1");
  require(o.lrFactor > 0 && o.lrFactor <= 1, "lr_factor must be in (0, 1]");
  require(o.clipNorm >= 0, "clip_norm must be >= 0");
  require(o.patience >= 0, "patience must be >= 0");
}

TrainerOptions trainerOptionsFrom(const nlohmann::json& params, const TrainerOptions& defaults,
                                  std::string_view who) {
  TrainerOptions o = defaults;
  const char* key = "";
  try {
    const auto read = [&](const char* name, auto& field) {
      key = name;
      const auto it = params.find(name);
      if (it != params.end() && !it->is_null()) field = it->get<std::decay_t<decltype(field)>>();
    };
    read("epochs", o.epochs);
    read("batch_size", o.batchSize);
    read("batch_per_rank", o.batchPerRank);
    read("grad_accumulation", o.accumulation);
    read("lr", o.learningRate);
    read("weight_decay", o.weightDecay);
    std::string schedule = toString(o.schedule);
    read("lr_schedule", schedule);
    read("warmup_ratio", o.warmupRatio);
    read("step_epochs", o.stepEpochs);
    read("lr_factor", o.lrFactor);
    read("clip_norm", o.clipNorm);
    read("patience", o.patience);
    read("restore_best", o.restoreBest);
    read("seed", o.seed);
    key = "lr_schedule";
    o.schedule = lrScheduleFromString(schedule);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string(who) + ": parameter '" + key + "': " + e.what());
  } catch (const InputError& e) {
    throw InputError(std::string(who) + ": " + e.what());
  }
  validate(o, who);
  return o;
}

void writeTrainerOptions(const TrainerOptions& o, nlohmann::json& params) {
  params["epochs"] = o.epochs;
  params["batch_size"] = o.batchSize;
  params["batch_per_rank"] = o.batchPerRank;
  params["grad_accumulation"] = o.accumulation;
  params["lr"] = o.learningRate;
  params["weight_decay"] = o.weightDecay;
  params["lr_schedule"] = toString(o.schedule);
  params["warmup_ratio"] = o.warmupRatio;
  params["step_epochs"] = o.stepEpochs;
  params["lr_factor"] = o.lrFactor;
  params["clip_norm"] = o.clipNorm;
  params["patience"] = o.patience;
  params["restore_best"] = o.restoreBest;
  params["seed"] = o.seed;
}

}  // namespace tweetlab::train
