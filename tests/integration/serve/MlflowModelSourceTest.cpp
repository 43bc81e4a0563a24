// Downloading a registered model version through the MLflow REST API (against the loopback
// stand-in that follows the recorded MLflow 2.17 formats).
#include <gtest/gtest.h>

#include "app/serve/MlflowModelSource.h"
#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/common/Sha256.h"
#include "tests/integration/serve/MiniMlflowServer.h"
#include "tests/integration/serve/ServeHarness.h"

namespace tweetlab::serve {
namespace {

namespace fs = std::filesystem;
constexpr const char* kRun = "1/9dab6524a20b4116bf42c4c2edbf5d46/artifacts";

class MlflowModelSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Version 1: the bundle is the logged "model" folder itself. Version 2: the bundle sits one
    // folder down ("model2/bundle"), as when a run logs the bundle directory by name.
    fs::create_directories(artifacts_ / kRun);
    fs::copy(testing::sampleBundle(), artifacts_ / kRun / "model", fs::copy_options::recursive);
    fs::create_directories(artifacts_ / kRun / "model2");
    fs::copy(testing::sampleBundle(), artifacts_ / kRun / "model2/bundle",
             fs::copy_options::recursive);
    mlflow_.addVersion("tweet-sentiment", "1", std::string("mlflow-artifacts:/") + kRun + "/model");
    mlflow_.addVersion("tweet-sentiment", "2",
                       std::string("mlflow-artifacts:/") + kRun + "/model2");
    mlflow_.setAlias("tweet-sentiment", "champion", "1");
  }

  MlflowConnection connection() const { return {mlflow_.uri(), "", "", "", 10}; }
  DownloadedModel download(const std::string& uri) {
    return downloadRegisteredModel(connection(), parseModelUri(uri), cache_.path());
  }
  std::string errorOf(const std::string& uri) {
    try {
      download(uri);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }

  tweetlab::testing::TempDir artifactsDir_;
  fs::path artifacts_ = artifactsDir_.path();
  tweetlab::testing::TempDir cache_;
  testing::MiniMlflowServer mlflow_{artifacts_};
};

TEST_F(MlflowModelSourceTest, DownloadsAVersionByteForByteAndItPredictsLikeTheOriginal) {
  const auto model = download("models:/tweet-sentiment/1");
  EXPECT_EQ(model.name, "tweet-sentiment");
  EXPECT_EQ(model.version, "1");
  for (const auto& entry : fs::recursive_directory_iterator(testing::sampleBundle())) {
    if (!entry.is_regular_file()) continue;
    const auto copy = model.bundleDir / fs::relative(entry.path(), testing::sampleBundle());
    ASSERT_TRUE(fs::exists(copy)) << copy;
    EXPECT_EQ(Sha256::ofFile(copy), Sha256::ofFile(entry.path())) << copy;
  }
  const auto original = bundle::Predictor::load(testing::sampleBundle());
  const auto downloaded = bundle::Predictor::load(model.bundleDir);
  const std::vector<std::string> texts{"loving the sunshine", "ugh, stuck in traffic again"};
  EXPECT_EQ(downloaded->probabilities(texts), original->probabilities(texts));

  // Only the documented calls were made.
  for (const auto& call : mlflow_.requestLog()) {
    EXPECT_TRUE(call.find("/model-versions/get") != std::string::npos ||
                call.find("/mlflow-artifacts/artifacts") != std::string::npos)
        << call;
  }
}

TEST_F(MlflowModelSourceTest, AliasAndLatestResolveToTheRegistryVersion) {
  EXPECT_EQ(download("models:/tweet-sentiment@champion").version, "1");
  const auto latest = download("models:/tweet-sentiment/latest");
  EXPECT_EQ(latest.version, "2");
  EXPECT_TRUE(fs::exists(latest.bundleDir / "manifest.json"));  // found one folder down
  EXPECT_NO_THROW(bundle::Predictor::load(latest.bundleDir));
}

TEST_F(MlflowModelSourceTest, RegistryErrorsCarryMlflowsCodeAndMessage) {
  EXPECT_NE(errorOf("models:/no-such-model/1").find("RESOURCE_DOES_NOT_EXIST"), std::string::npos);
  EXPECT_NE(errorOf("models:/tweet-sentiment/9").find("version=9"), std::string::npos);
  EXPECT_NE(errorOf("models:/tweet-sentiment@retired").find("404"), std::string::npos);
}

TEST_F(MlflowModelSourceTest, VersionsThatAreNotReadyOrOutsideTheProxyAreRefused) {
  mlflow_.addVersion("tweet-sentiment", "3", std::string("mlflow-artifacts:/") + kRun + "/model",
                     "PENDING_REGISTRATION");
  EXPECT_NE(errorOf("models:/tweet-sentiment/3").find("not READY"), std::string::npos);
  mlflow_.addVersion("tweet-sentiment", "4", "s3://bucket/models/4");
  EXPECT_NE(errorOf("models:/tweet-sentiment/4").find("artifact proxy"), std::string::npos);
}

TEST_F(MlflowModelSourceTest, ArtifactsWithoutABundleAndCorruptFilesAreCaught) {
  fs::create_directories(artifacts_ / kRun / "plots");
  std::ofstream(artifacts_ / kRun / "plots/roc.png") << "not a model";
  mlflow_.addVersion("tweet-sentiment", "5", std::string("mlflow-artifacts:/") + kRun + "/plots");
  EXPECT_THROW(download("models:/tweet-sentiment/5"), FormatError);

  // A file changed on the server after export fails the bundle's checksum when loaded.
  for (const auto& entry : fs::recursive_directory_iterator(artifacts_ / kRun / "model/model")) {
    if (entry.is_regular_file()) {
      std::ofstream(entry.path(), std::ios::app) << "tampered";
      break;
    }
  }
  const auto model = download("models:/tweet-sentiment/1");
  EXPECT_THROW(bundle::Predictor::load(model.bundleDir), FormatError);
}

TEST_F(MlflowModelSourceTest, UnreachableServerIsAnIoError) {
  MlflowConnection nowhere{"http://127.0.0.1:1", "", "", "", 2};
  EXPECT_THROW(downloadRegisteredModel(nowhere, parseModelUri("models:/m/1"), cache_.path()),
               IoError);
}

}  // namespace
}  // namespace tweetlab::serve
