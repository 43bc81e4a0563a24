// Flags and environment variables, UTF-8 checks and the API-key comparison.
#include <gtest/gtest.h>

#include <map>

#include "app/serve/ApiKey.h"
#include "app/serve/MlflowModelSource.h"
#include "app/serve/ServeConfig.h"
#include "core/common/Errors.h"

namespace tweetlab::serve {
namespace {

EnvLookup envOf(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ServeConfigTest, FlagsOverrideEnvironment) {
  const auto parsed = parseServeCommandLine(
      {"--bundle", "/models/b", "--port", "9090", "--threads", "4", "--max-body-bytes", "2048",
       "--max-text-chars", "100", "--max-batch", "8", "--feedback-log", "/data/fb.jsonl"},
      envOf({{"PORT", "8000"}, {"TWEETLAB_HOST", "0.0.0.0"}, {"TWEETLAB_BUNDLE", "/other"}}));
  const auto& c = parsed.config;
  EXPECT_EQ(c.bundleDir, "/models/b");
  EXPECT_EQ(c.port, 9090);
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.threads, 4);
  EXPECT_EQ(c.limits.maxBodyBytes, 2048u);
  EXPECT_EQ(c.limits.maxTextChars, 100u);
  EXPECT_EQ(c.limits.maxBatchSize, 8u);
  EXPECT_EQ(c.feedbackLog, "/data/fb.jsonl");
}

TEST(ServeConfigTest, ContainerEnvironmentAloneIsEnough) {
  // Azure App Service passes PORT; the image sets the bundle and the key variable's name.
  const auto c = parseServeCommandLine(
                     {}, envOf({{"PORT", "80"},
                                {"TWEETLAB_BUNDLE", "/srv/bundle"},
                                {"TWEETLAB_API_KEY_ENV", "API_KEY"},
                                {"API_KEY", "secret"},
                                {"APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=x"}}))
                     .config;
  EXPECT_EQ(c.port, 80);
  EXPECT_EQ(c.bundleDir, "/srv/bundle");
  EXPECT_EQ(c.apiKey, "secret");
  EXPECT_EQ(c.appInsightsConnectionString, "InstrumentationKey=x");
}

TEST(ServeConfigTest, AModelUriInTheEnvironmentReplacesTheBakedInBundleButNotAFlag) {
  const auto env = envOf({{"TWEETLAB_BUNDLE", "/srv/bundle"},
                          {"TWEETLAB_MODEL_URI", "models:/tweet-sentiment@champion"},
                          {"MLFLOW_TRACKING_URI", "http://mlflow:5000"}});
  auto c = parseServeCommandLine({}, env).config;
  EXPECT_TRUE(c.bundleDir.empty());
  EXPECT_EQ(c.modelUri, "models:/tweet-sentiment@champion");
  c = parseServeCommandLine({"--bundle", "/tmp/b"}, env).config;
  EXPECT_EQ(c.bundleDir, "/tmp/b");
  EXPECT_TRUE(c.modelUri.empty());
}

TEST(ServeConfigTest, ApiKeyComesFromTheNamedVariableAndAMissingOneFailsClosed) {
  EXPECT_EQ(parseServeCommandLine({"--bundle", "b", "--api-key-env", "MY_KEY"},
                                  envOf({{"MY_KEY", "abc"}}))
                .config.apiKey,
            "abc");
  EXPECT_THROW(parseServeCommandLine({"--bundle", "b", "--api-key-env", "MY_KEY"}, envOf({})),
               InputError);
  EXPECT_THROW(
      parseServeCommandLine({"--bundle", "b", "--api-key-env", "MY_KEY"}, envOf({{"MY_KEY", ""}})),
      InputError);
  EXPECT_TRUE(parseServeCommandLine({"--bundle", "b"}, envOf({})).config.apiKey.empty());
}

TEST(ServeConfigTest, BadInputNamesTheFlag) {
  const auto message = [](std::vector<std::string> args) {
    try {
      parseServeCommandLine(args, envOf({}));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({"--bundle", "b", "--port", "http"}).find("--port"), std::string::npos);
  EXPECT_NE(message({"--bundle", "b", "--port", "70000"}).find("--port"), std::string::npos);
  EXPECT_NE(message({"--bundle", "b", "--threads", "0"}).find("--threads"), std::string::npos);
  EXPECT_NE(message({"--bundle", "b", "--frobnicate"}).find("--frobnicate"), std::string::npos);
  EXPECT_NE(message({"--bundle"}).find("--bundle"), std::string::npos);
  EXPECT_NE(message({}).find("--bundle"), std::string::npos);  // no model source
  EXPECT_NE(message({"--bundle", "b", "--model", "models:/m/1"}).find("exactly one"),
            std::string::npos);
  EXPECT_NE(message({"--model", "models:/m/1"}).find("MLFLOW_TRACKING_URI"), std::string::npos);
  EXPECT_TRUE(parseServeCommandLine({"--help"}, envOf({})).showHelp);
}

TEST(ServeConfigTest, ModelUris) {
  auto ref = parseModelUri("models:/tweet-sentiment/3");
  EXPECT_EQ(ref.name, "tweet-sentiment");
  EXPECT_EQ(ref.version, "3");
  ref = parseModelUri("models:/tweet-sentiment@champion");
  EXPECT_EQ(ref.name, "tweet-sentiment");
  EXPECT_EQ(ref.alias, "champion");
  EXPECT_TRUE(parseModelUri("models:/tweet-sentiment/latest").latest);
  for (const auto* bad : {"runs:/abc/model", "models:/", "models:/name", "models:/name/v3",
                          "models:/@x", "models:/n@"}) {
    EXPECT_THROW(parseModelUri(bad), InputError) << bad;
  }
}

TEST(ApiKeyTest, AcceptsOnlyTheExactKey) {
  const ApiKeyCheck check("s3cret-key");
  EXPECT_TRUE(check.enabled());
  EXPECT_TRUE(check.accepts("s3cret-key"));
  EXPECT_FALSE(check.accepts("s3cret-ke"));
  EXPECT_FALSE(check.accepts("s3cret-key "));
  EXPECT_FALSE(check.accepts(""));
  EXPECT_FALSE(ApiKeyCheck("").enabled());
  EXPECT_TRUE(ApiKeyCheck("").accepts("anything"));
}

}  // namespace
}  // namespace tweetlab::serve
