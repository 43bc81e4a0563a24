#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "tests/support/TempDir.h"

namespace tweetlab {
namespace {

using testing::TempDir;

std::string nested(std::size_t depth, char open = '[', char close = ']') {
  return std::string(depth, open) + std::string(depth, close);
}

TEST(JsonFile, RoundTripsAndLeavesNoTemporaryBehind) {
  TempDir dir;
  auto file = dir.path() / "nested" / "spec.json";
  writeJsonFile(file, {{"model", "logreg"}, {"C", 2.5}});
  auto back = readJsonFile(file);
  EXPECT_EQ(back["model"], "logreg");
  EXPECT_DOUBLE_EQ(back["C"].get<double>(), 2.5);
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".tmp"));
}

TEST(JsonFile, MalformedFileNamesTheFile) {
  TempDir dir;
  const auto file = dir.write("tweetlab_bad.json", "{\"model\": ");
  try {
    readJsonFile(file);
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("tweetlab_bad.json"), std::string::npos);
  }
}

TEST(JsonFile, MissingFileIsAnIoError) {
  EXPECT_THROW(readJsonFile("/nonexistent/tweetlab/spec.json"), IoError);
}

// Item 0 of issue #15: a 200,000-deep array crashed whoever copied the parsed value.
TEST(JsonDepth, DeepNestingIsRefusedAtParseTimeWithAShortMessage) {
  for (const auto& text :
       {nested(200000), "{\"a\":" + nested(100000) + "}", std::string(100000, '[')}) {
    std::string error;
    EXPECT_FALSE(tryParseJson(text, &error).has_value());
    EXPECT_NE(error.find("deeper than 64 levels"), std::string::npos) << error;
    try {
      parseJson(text, "body.json");
      FAIL() << "expected FormatError";
    } catch (const FormatError& e) {
      EXPECT_EQ(std::string(e.what()), "body.json: JSON nested deeper than 64 levels");
    }
  }
}

TEST(JsonDepth, SixtyFourLevelsAreFineSixtyFiveAreNot) {
  const auto ok = tryParseJson(nested(64));
  ASSERT_TRUE(ok.has_value());
  EXPECT_TRUE(ok->is_array());
  EXPECT_FALSE(tryParseJson(nested(65)).has_value());
  auto objects = std::string();
  for (int i = 0; i < 65; ++i) objects += "{\"k\":";
  objects += "1" + std::string(65, '}');
  EXPECT_FALSE(tryParseJson(objects).has_value());
  EXPECT_TRUE(tryParseJson(objects, nullptr, 65).has_value());
}

TEST(JsonDepth, ParsedValuesAreTheLibrarysOwn) {
  const auto j =
      parseJson(R"({"text": "caf\u00e9", "n": [1, 2.5, -3], "ok": true, "z": null})", "test");
  EXPECT_EQ(j["text"], "caf\xC3\xA9");
  EXPECT_EQ(j["n"][1].get<double>(), 2.5);
  EXPECT_EQ(j["n"][2].get<int>(), -3);
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_TRUE(j["z"].is_null());
  EXPECT_EQ(j, nlohmann::json::parse(j.dump()));
}

TEST(JsonErrors, AreOneShortLineWhateverTheInput) {
  // A megabyte-long unterminated string with control characters: the library's message quotes
  // the last token read.
  const std::string text = "{\"a\": \"" + std::string(1 << 20, 'x') + "\n\x1b[31m";
  std::string error;
  EXPECT_FALSE(tryParseJson(text, &error).has_value());
  EXPECT_LT(error.size(), 220u);
  EXPECT_EQ(error.find('\n'), std::string::npos);
  EXPECT_EQ(error.find('\x1b'), std::string::npos);
  EXPECT_EQ(error.find("[json.exception"), std::string::npos);
  EXPECT_EQ(error.rfind("not valid JSON (", 0), 0u) << error;
}

TEST(JsonFile, RefusesFifosAndDevicesInsteadOfWaitingOrReadingForever) {
  TempDir dir;
  const auto fifo = dir.path() / "manifest.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    readJsonFile(fifo);  // would block in open() without a writer
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("FIFO"), std::string::npos) << e.what();
  }
  const auto link = dir.path() / "zero.json";
  std::filesystem::create_symlink("/dev/zero", link);
  try {
    readJsonFile(link);  // would be read until memory runs out
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("character device"), std::string::npos) << e.what();
  }
  EXPECT_THROW(readJsonFile(dir.path()), IoError);
}

TEST(JsonFile, LargerThanTheLimitIsRefusedWithoutReadingIt) {
  TempDir dir;
  const auto file = dir.write("big.json", "[" + std::string(4096, ' ') + "]");
  EXPECT_TRUE(readJsonFile(file).is_array());
  try {
    readJsonFile(file, 1024);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("4.0 KiB is more than a JSON file may have (1 KiB)"),
              std::string::npos)
        << e.what();
  }
}

TEST(AtomicWrite, AFailedWriteLeavesNeitherFileNorTemporary) {
  TempDir dir;
  // The target is a directory: writing succeeds, the rename cannot.
  std::filesystem::create_directories(dir.path() / "out.json" / "x");
  EXPECT_THROW(writeFileAtomically(dir.path() / "out.json", "{}"), IoError);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out.json.tmp"));
  // /dev/full answers every write with ENOSPC: the message says so.
  if (std::filesystem::exists("/dev/full")) {
    std::filesystem::create_symlink("/dev/full", dir.path() / "full.json.tmp");
    try {
      writeFileAtomically(dir.path() / "full.json", std::string(1 << 16, 'x'));
      FAIL() << "expected IoError";
    } catch (const IoError& e) {
      EXPECT_NE(std::string(e.what()).find("disk full"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "full.json"));
    EXPECT_FALSE(std::filesystem::is_symlink(dir.path() / "full.json.tmp"));
  }
}

}  // namespace
}  // namespace tweetlab
