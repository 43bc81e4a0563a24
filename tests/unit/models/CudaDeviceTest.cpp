// CUDA itself, registered only when this build's LibTorch has CUDA and nvidia-smi listed a GPU at
// configure time (tests/unit/models/CMakeLists.txt says at configure time when it is not, and
// why). The families train on cuda:0 with their batches and state there, predict there, and
// their bundles load on the CPU with the same predictions.
#include <gtest/gtest.h>

#include "core/bundle/Bundle.h"
#include "core/bundle/Predictor.h"
#include "core/models/Classifier.h"
#include "core/train/Devices.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"
#include "tests/support/TinyBertCheckpoint.h"

namespace tweetlab::models {
namespace {

void expectClose(const std::vector<double>& a, const std::vector<double>& b, double tolerance) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], tolerance) << i;
}

TEST(CudaDevice, TheMachineHasTheGpuCMakeSaw) {
  ASSERT_GT(train::availableDevices().size(), 1u) << train::deviceSummary();
  EXPECT_EQ(train::resolveDevice("auto"), "cuda:0");
  EXPECT_EQ(train::resolveDevice("cuda"), "cuda:0");
}

TEST(CudaDevice, DeepModelsTrainAndPredictOnTheGpuAndLoadOnTheCpu) {
  testing::TempDir dir;
  const auto train = testing::sampleTweets(600, 1), val = testing::sampleTweets(200, 2);
  for (const auto* family : {"cnn", "bilstm"}) {
    nlohmann::json params{{"embedding", "random"}, {"dim", 16},       {"hidden", 8},
                          {"filters", 8},          {"epochs", 2},     {"threads", 1},
                          {"min_count", 1},        {"device", "cuda"}};
    auto model = makeClassifier(family, params);
    model->fit({train.texts, train.labels}, {val.texts, val.labels}, train::silentObserver());
    EXPECT_EQ(model->device(), "cuda:0");
    EXPECT_EQ(model->params().value("device", ""), "cuda:0");
    ASSERT_EQ(model->history().size(), 2u);
    EXPECT_TRUE(std::isfinite(model->history().back().valLoss));
    const auto onGpu = model->predictProba(val.texts);
    bundle::saveBundle(dir / family, *model, text::PreprocessConfig{}, {});
    const auto onCpu = bundle::Predictor::load(dir / family, "cpu");
    expectClose(onGpu, onCpu->probabilities(val.texts), 1e-4);
    // The same network trained on the CPU ends close by (cuDNN sums in another order).
    params["device"] = "cpu";
    auto cpu = makeClassifier(family, params);
    cpu->fit({train.texts, train.labels}, {val.texts, val.labels}, train::silentObserver());
    expectClose(onGpu, cpu->predictProba(val.texts), 0.05);
  }
}

TEST(CudaDevice, BertFineTunesOnTheGpu) {
  testing::TempDir dir;
  testing::writeTinyBertCheckpoint(dir / "bert");
  const auto train = testing::sampleTweets(300, 1), val = testing::sampleTweets(100, 2);
  auto model = makeClassifier("bert", {{"bert", (dir / "bert").string()},
                                       {"epochs", 1},
                                       {"batch_size", 16},
                                       {"max_length", 32},
                                       {"device", "cuda:0"}});
  model->fit({train.texts, train.labels}, {val.texts, val.labels}, train::silentObserver());
  EXPECT_EQ(model->fitReport().value("device", ""), "cuda:0");
  const auto onGpu = model->predictProba(val.texts);
  bundle::saveBundle(dir / "b", *model, text::PreprocessConfig{}, {});
  expectClose(onGpu, bundle::Predictor::load(dir / "b", "cpu")->probabilities(val.texts), 1e-4);
}

}  // namespace
}  // namespace tweetlab::models
