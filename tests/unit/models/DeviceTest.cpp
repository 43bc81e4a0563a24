// The device-generic path, run on the CPU: device names are checked when a model is set up
// (before any data), "auto" resolves to what this build and machine have, the device a model
// trained on is a tracked parameter, and a bundle loads wherever this process computes, whatever
// device it was trained on. CUDA itself: CudaDeviceTest.cpp, registered only where CUDA exists.
#include <gtest/gtest.h>

#include <fstream>

#include "core/bundle/Bundle.h"
#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Sha256.h"
#include "core/models/Classifier.h"
#include "core/train/DeviceName.h"
#include "core/train/Devices.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"

namespace tweetlab::models {
namespace {

const bool kCuda = train::availableDevices().size() > 1;

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Devices, NamesAreCheckedAndResolvedToWhatThisMachineHas) {
  for (const auto* good : {"auto", "cpu", "cuda", "cuda:0", "cuda:12"})
    EXPECT_NO_THROW(train::validateDeviceName(good)) << good;
  for (const auto* bad : {"", "gpu", "CUDA", "cuda:", "cuda:x", "cuda:-1", "cpu:0", "mps"})
    EXPECT_THROW(train::validateDeviceName(bad), InputError) << bad;
  const auto devices = train::availableDevices();
  ASSERT_FALSE(devices.empty());
  EXPECT_EQ(devices.front(), "cpu");
  EXPECT_EQ(train::resolveDevice("cpu"), "cpu");
  EXPECT_EQ(train::resolveDevice("auto"), kCuda ? "cuda:0" : "cpu");
  // A GPU asked for where there is none is an error that says why, not a silent CPU run.
  const auto cuda = errorOf([] { train::resolveDevice("cuda"); });
  EXPECT_EQ(cuda.empty(), kCuda) << cuda;
  if (!kCuda) {
    EXPECT_NE(cuda.find("without CUDA"), std::string::npos) << cuda;
  }
  EXPECT_NE(errorOf([] { train::resolveDevice("cuda:99"); }), "");
  EXPECT_NE(train::deviceSummary().find("cpu"), std::string::npos);
}

TEST(Devices, AModelRefusesADeviceItCannotUseWhenItIsSetUp) {
  for (const auto* family : {"cnn", "bilstm", "bert"}) {
    nlohmann::json params{{"device", "cuda:7"}};
    if (std::string(family) == "bert") params["bert"] = "/nonexistent-checkpoint";
    EXPECT_THROW(makeClassifier(family, params), InputError) << family;
    params["device"] = "tpu";
    const auto message = errorOf([&] { makeClassifier(family, params); });
    EXPECT_NE(message.find("device must be auto, cpu, cuda or cuda:N"), std::string::npos)
        << message;
  }
  // Families without LibTorch compute on the CPU and say so.
  for (const auto* family : {"logreg", "fasttext"}) {
    auto model = makeClassifier(family);
    EXPECT_NO_THROW(model->setDevice("auto"));
    EXPECT_NO_THROW(model->setDevice("cpu"));
    const auto message = errorOf([&] { model->setDevice("cuda"); });
    EXPECT_NE(message.find("computes on the CPU only"), std::string::npos) << message;
    EXPECT_EQ(model->device(), "cpu");
  }
}

TEST(Devices, TheDeviceATrainedModelUsedIsATrackedParameter) {
  const auto train = testing::sampleTweets(200, 1), val = testing::sampleTweets(60, 2);
  for (const auto* family : {"cnn", "bilstm"}) {
    nlohmann::json params{{"embedding", "random"}, {"dim", 8},        {"hidden", 4},
                          {"filters", 4},          {"epochs", 1},     {"threads", 1},
                          {"min_count", 1},        {"device", "auto"}};
    auto model = makeClassifier(family, params);
    EXPECT_EQ(model->params().value("device", ""), "auto");  // as asked, before the fit
    model->fit({train.texts, train.labels}, {val.texts, val.labels}, train::silentObserver());
    const auto resolved = train::resolveDevice("auto");
    EXPECT_EQ(model->params().value("device", ""), resolved) << family;  // as used
    EXPECT_EQ(model->fitReport().value("device", ""), resolved) << family;
    EXPECT_EQ(model->fitReport().value("world_size", 0), 1) << family;
    EXPECT_EQ(model->device(), resolved);
  }
}

TEST(Devices, ABundleLoadsWhereThisProcessComputesNotWhereItTrained) {
  testing::TempDir dir;
  const auto train = testing::sampleTweets(200, 1);
  auto model = makeClassifier("bilstm", {{"embedding", "random"},
                                         {"dim", 8},
                                         {"hidden", 4},
                                         {"epochs", 1},
                                         {"threads", 1},
                                         {"min_count", 1},
                                         {"device", "cpu"}});
  model->fit({train.texts, train.labels}, {}, train::silentObserver());
  bundle::saveBundle(dir / "b", *model, text::PreprocessConfig{}, {});
  // As if it had been trained on a GPU machine: the manifest and deep.json say cuda:0 (and the
  // manifest's checksum of deep.json follows the edit, as a real GPU-trained bundle's would).
  const auto deep = dir / "b" / "model" / "deep.json";
  auto meta = readJsonFile(deep);
  meta["params"]["device"] = "cuda:0";
  writeJsonFile(deep, meta);
  auto manifest = readJsonFile(dir / "b" / "manifest.json");
  manifest["params"]["device"] = "cuda:0";
  manifest["files"]["deep.json"] = Sha256::ofFile(deep);
  writeJsonFile(dir / "b" / "manifest.json", manifest);
  const auto predictor = bundle::Predictor::load(dir / "b", "cpu");
  EXPECT_EQ(predictor->probabilities(train.texts).size(), train.texts.size());
  EXPECT_EQ(predictor->manifest().params.value("device", ""), "cuda:0");  // history kept
  // Loading onto a device this machine lacks is refused with the reason, as training is.
  if (!kCuda) {
    const auto message = errorOf([&] { bundle::loadBundle(dir / "b", "cuda"); });
    EXPECT_NE(message.find("without CUDA"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace tweetlab::models
