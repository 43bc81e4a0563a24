#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/train/TrainerOptions.h"

namespace tweetlab::train {
namespace {

std::string errorOf(const nlohmann::json& params) {
  try {
    trainerOptionsFrom(params, TrainerOptions{}, "cnn");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(TrainerOptions, ReadsTheFlatKeysOldSpecsAndBundlesWrite) {
  // The trainer part of a deep.json written before the loop was shared (no grad_accumulation,
  // no warmup_ratio; lr_schedule "none").
  const auto old = nlohmann::json::parse(R"({
    "epochs": 7, "batch_size": 48, "lr": 0.002, "weight_decay": 0.0001, "patience": 3,
    "restore_best": false, "clip_norm": 1.5, "lr_schedule": "none", "lr_factor": 0.25,
    "step_epochs": 3, "seed": 42, "hidden": 64, "embedding": "word2vec"})");
  const auto o = trainerOptionsFrom(old, TrainerOptions{}, "bilstm");
  EXPECT_EQ(o.epochs, 7);
  EXPECT_EQ(o.batchSize, 48);
  EXPECT_DOUBLE_EQ(o.learningRate, 0.002);
  EXPECT_DOUBLE_EQ(o.weightDecay, 0.0001);
  EXPECT_EQ(o.patience, 3);
  EXPECT_FALSE(o.restoreBest);
  EXPECT_DOUBLE_EQ(o.clipNorm, 1.5);
  EXPECT_EQ(o.schedule, LrSchedule::Constant);
  EXPECT_DOUBLE_EQ(o.lrFactor, 0.25);
  EXPECT_EQ(o.stepEpochs, 3);
  EXPECT_EQ(o.seed, 42u);
  EXPECT_EQ(o.accumulation, 1);
  EXPECT_DOUBLE_EQ(o.warmupRatio, 0.0);
  EXPECT_FALSE(o.batchPerRank);  // specs from before distributed runs: the global batch

  // Written back and read again: the same options; the family's other keys are left alone.
  auto written = nlohmann::json{{"hidden", 64}};
  writeTrainerOptions(o, written);
  EXPECT_EQ(written["hidden"], 64);
  EXPECT_EQ(written["lr_schedule"], "none");
  const auto again = trainerOptionsFrom(written, TrainerOptions{}, "bilstm");
  nlohmann::json a, b;
  writeTrainerOptions(o, a);
  writeTrainerOptions(again, b);
  EXPECT_EQ(a, b);
}

TEST(TrainerOptions, AbsentAndNullKeysKeepTheFamilysDefaults) {
  TrainerOptions defaults;
  defaults.epochs = 3;
  defaults.schedule = LrSchedule::Linear;
  defaults.warmupRatio = 0.1;
  const auto o = trainerOptionsFrom({{"epochs", nullptr}, {"lr", 0.01}}, defaults, "bert");
  EXPECT_EQ(o.epochs, 3);
  EXPECT_EQ(o.schedule, LrSchedule::Linear);
  EXPECT_DOUBLE_EQ(o.warmupRatio, 0.1);
  EXPECT_DOUBLE_EQ(o.learningRate, 0.01);
  EXPECT_EQ(trainerOptionsFrom({{"lr_schedule", "constant"}}, defaults, "bert").schedule,
            LrSchedule::Constant);
}

TEST(TrainerOptions, EachBadValueIsRefusedNamingItsKey) {
  const std::vector<std::pair<nlohmann::json, std::string>> cases{
      {{{"lr", "fast"}}, "'lr'"},
      {{{"epochs", 0}}, "epochs"},
      {{{"batch_size", 0}}, "batch_size"},
      {{{"grad_accumulation", 0}}, "grad_accumulation"},
      {{{"lr", 0}}, "lr must"},
      {{{"weight_decay", -1}}, "weight_decay"},
      {{{"warmup_ratio", 1.0}}, "warmup_ratio"},
      {{{"step_epochs", 0}}, "step_epochs"},
      {{{"lr_factor", 2}}, "lr_factor"},
      {{{"clip_norm", -0.5}}, "clip_norm"},
      {{{"patience", -1}}, "patience"},
      {{{"lr_schedule", "cosine"}}, "lr_schedule"},
      {{{"restore_best", "yes"}}, "restore_best"},
  };
  for (const auto& [params, key] : cases) {
    const auto message = errorOf(params);
    EXPECT_NE(message.find(key), std::string::npos) << params << " -> '" << message << "'";
    EXPECT_EQ(message.rfind("cnn: ", 0), 0u) << message;
  }
  EXPECT_EQ(errorOf(nlohmann::json::object()), "");
}

}  // namespace
}  // namespace tweetlab::train
