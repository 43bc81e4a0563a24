#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/common/Errors.h"
#include "core/common/Json.h"

namespace tweetlab {
namespace {

TEST(JsonFile, RoundTripsAndLeavesNoTemporaryBehind) {
  auto dir = std::filesystem::temp_directory_path() / "tweetlab_json_test";
  std::filesystem::remove_all(dir);
  auto file = dir / "nested" / "spec.json";
  writeJsonFile(file, {{"model", "logreg"}, {"C", 2.5}});
  auto back = readJsonFile(file);
  EXPECT_EQ(back["model"], "logreg");
  EXPECT_DOUBLE_EQ(back["C"].get<double>(), 2.5);
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".tmp"));
  std::filesystem::remove_all(dir);
}

TEST(JsonFile, MalformedFileNamesTheFile) {
  auto file = std::filesystem::temp_directory_path() / "tweetlab_bad.json";
  std::ofstream(file) << "{\"model\": ";
  try {
    readJsonFile(file);
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("tweetlab_bad.json"), std::string::npos);
  }
  std::filesystem::remove(file);
}

TEST(JsonFile, MissingFileIsAnIoError) {
  EXPECT_THROW(readJsonFile("/nonexistent/tweetlab/spec.json"), IoError);
}

}  // namespace
}  // namespace tweetlab
