// Issue #15 items 1, 8 and 10: bundles that are damaged or made to hurt. Every one of them must
// be refused at load with one line naming the file, never crash the process, never hang, never
// read outside the bundle, never load with unchecked files.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>

#include "core/bundle/Bundle.h"
#include "core/bundle/BundleFiles.h"
#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "tests/support/TinyBundles.h"

namespace tweetlab::bundle {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tweetlab::testing::copyOf;
using tweetlab::testing::readBytes;
using tweetlab::testing::rehashManifest;
using tweetlab::testing::tinyBundle;
using tweetlab::testing::writeBytes;

// The message of the FormatError loading `dir` throws; fails the test if it loads or throws
// something else.
std::string refusal(const fs::path& dir) {
  try {
    Predictor::load(dir);
  } catch (const FormatError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_LT(message.size(), 700u) << message;
    return message;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a FormatError: " << e.what();
    return e.what();
  }
  ADD_FAILURE() << dir << " loaded";
  return "";
}

class HostileBundle : public ::testing::Test {
 protected:
  fs::path copy(const std::string& family) { return copyOf(tinyBundle(family), dir_ / family); }
  json manifest(const fs::path& bundle) { return readJsonFile(bundle / "manifest.json"); }
  void setManifest(const fs::path& bundle, const json& m) {
    writeJsonFile(bundle / "manifest.json", m);
  }
  tweetlab::testing::TempDir dir_;
};

TEST_F(HostileBundle, TheTinyBundlesThemselvesLoadAndPredict) {
  for (const auto* family : {"logreg", "fasttext", "cnn"}) {
    const auto predictor = Predictor::load(copy(family));
    const auto p = predictor->predict(std::string("I love this"));
    EXPECT_GE(p.probabilityPositive, 0.0) << family;
    EXPECT_LE(p.probabilityPositive, 1.0) << family;
  }
}

// Item 1: a fastText model.bin cut to 8 bytes (manifest checksum updated) ended in SIGFPE.
TEST_F(HostileBundle, FastTextModelCutTo8BytesIsRefused) {
  const auto bundle = copy("fasttext");
  const auto file = bundle / "model" / "model.bin";
  writeBytes(file, readBytes(file).substr(0, 8));
  rehashManifest(bundle);
  EXPECT_NE(
      refusal(bundle).find("model.bin: not a TweetLab fastText model (ends inside the arguments)"),
      std::string::npos);
}

TEST_F(HostileBundle, FastTextModelCutAnywhereIsRefused) {
  const auto original = readBytes(tinyBundle("fasttext") / "model" / "model.bin");
  for (std::size_t size : {std::size_t{0}, std::size_t{3}, std::size_t{64}, std::size_t{70},
                           std::size_t{100}, std::size_t{400}, original.size() / 3,
                           original.size() / 2, original.size() - 5, original.size() - 1}) {
    const auto bundle = copy("fasttext");
    writeBytes(bundle / "model" / "model.bin", original.substr(0, size));
    rehashManifest(bundle);
    EXPECT_NE(refusal(bundle).find("model.bin"), std::string::npos) << size;
  }
  const auto bundle = copy("fasttext");
  writeBytes(bundle / "model" / "model.bin", original + "extra");
  rehashManifest(bundle);
  EXPECT_NE(refusal(bundle).find("5 bytes after the model"), std::string::npos);
}

// Item 1: fields libfasttext trusts (its assert()s and divisions): each one changed alone.
TEST_F(HostileBundle, FastTextHeaderFieldsOutOfRangeAreRefused) {
  const auto original = readBytes(tinyBundle("fasttext") / "model" / "model.bin");
  struct Case {
    std::size_t offset;
    std::int32_t value;
    const char* expected;
  };
  // magic 0, version 4, args from 8: dim, ws, epoch, minCount, neg, wordNgrams 28, loss 32,
  // model 36, bucket 40, minn 44, maxn 48, lrUpdateRate 52, t 56 (double); dictionary at 64.
  const Case cases[] = {
      {0, 12345, "no fastText header"},
      {4, 13, "format version 13"},
      {8, 0, "dimension 0"},
      {8, 1 << 30, "dimension"},
      {28, 0, "word n-grams 0"},
      {32, 9, "unknown loss 9"},
      {36, 1, "not a supervised model"},
      {40, 0, "n-grams without buckets"},
      {40, -5, "negative bucket count"},
      {48, 1 << 20, "character n-grams"},
      {64, -1, "dictionary sizes disagree"},
      {64, 1 << 29, "dictionary sizes disagree"},
      {68, 0, "dictionary sizes disagree"},
  };
  for (const auto& c : cases) {
    auto bytes = original;
    std::memcpy(bytes.data() + c.offset, &c.value, sizeof c.value);
    const auto bundle = copy("fasttext");
    writeBytes(bundle / "model" / "model.bin", bytes);
    rehashManifest(bundle);
    EXPECT_NE(refusal(bundle).find(c.expected), std::string::npos) << "offset " << c.offset;
  }
}

// Item 1: a CNN whose shapes disagree with its parameters loaded, said ready, and answered
// every request with 500. The probe prediction at load refuses it.
TEST_F(HostileBundle, ACnnThatCannotPredictIsRefusedAtLoad) {
  const auto bundle = copy("cnn");
  auto meta = readJsonFile(bundle / "model" / "deep.json");
  // One convolution where the weights have two: LibTorch loads each tensor by name (and takes
  // its shape from the file), so the output layer then expects twice the features it gets.
  meta["params"]["kernel_sizes"] = {2};
  writeJsonFile(bundle / "model" / "deep.json", meta);
  rehashManifest(bundle);
  EXPECT_NE(refusal(bundle).find("the model cannot predict"), std::string::npos);

  const auto truncated = copy("cnn");
  const auto weights = truncated / "model" / "weights.pt";
  writeBytes(weights, readBytes(weights).substr(0, readBytes(weights).size() / 2));
  rehashManifest(truncated);
  EXPECT_NE(refusal(truncated).find("weights.pt"), std::string::npos);  // one line, no frames
}

// Item 8: NaN weights made the API answer "score": null.
TEST_F(HostileBundle, NonFiniteWeightsAreRefused) {
  const auto bundle = copy("logreg");
  const auto file = bundle / "model" / "weights.txt";
  auto text = readBytes(file);
  text.replace(text.find('\n') + 1, 0, "nan\n");
  text.erase(text.rfind('\n', text.size() - 2) + 1);  // keep the count of weights
  writeBytes(file, text);
  rehashManifest(bundle);
  EXPECT_NE(refusal(bundle).find("weights.txt:2: not a finite number"), std::string::npos);
}

// Item 8: values the manifest accepted or mis-reported.
TEST_F(HostileBundle, ManifestFieldsAreCheckedForTypeAndRange) {
  struct Case {
    const char* key;
    json value;
    const char* expected;
  };
  const Case cases[] = {
      {"format_version", 999999999999LL, "newer than this TweetLab understands"},
      {"format_version", -1, "\"format_version\" must be an integer in [1, 2], not -1"},
      {"format_version", 0, "\"format_version\" must be an integer in [1, 2], not 0"},
      {"format_version", 1.9, "\"format_version\" must be an integer in [1, 2], not 1.9"},
      {"format_version", "1", "\"format_version\" must be an integer"},
      {"threshold", -1, "\"threshold\" must be a number in [0, 1], not -1"},
      {"threshold", 2, "\"threshold\" must be a number in [0, 1], not 2"},
      {"threshold", "NaN", "\"threshold\" must be a number in [0, 1], not \"NaN\""},
      {"label_map",
       {{"0", "negative"}, {"99999999999", "positive"}},
       "\"label_map\" may only name labels \"0\" and \"1\", not \"99999999999\""},
      {"label_map", {{"0", "negative"}}, "\"label_map\" must name labels \"0\" and \"1\""},
      {"label_map",
       {{"0", "neg"}, {"1", "\x1b[31mpositive\x1b[0m"}},
       "holds control characters or invalid UTF-8: \\x1b[31mpositive\\x1b[0m"},
      {"label_map", {{"0", "neg"}, {"1", 7}}, "\"1\" must be a string, not 7"},
      {"label_map", {{"0", "same"}, {"1", "same"}}, "names both labels \"same\""},
      {"name", "model\x07\x1b]0;title\x07", "\"name\" holds control characters"},
      {"name", std::string(300, 'n'), "\"name\" is longer than 200 characters"},
      {"family", 42, "\"family\" must be a string, not 42"},
      {"params", "C=1", "\"params\" must be an object"},
      {"files", {{"weights.txt", "abc"}}, "must be a SHA-256 (64 lowercase hex digits)"},
      {"preprocessing", {{"morphology", "stemming"}}, "\"preprocessing\""},
  };
  for (const auto& c : cases) {
    const auto bundle = copy("logreg");
    auto m = manifest(bundle);
    m[c.key] = c.value;
    setManifest(bundle, m);
    const auto message = refusal(bundle);
    EXPECT_NE(message.find("manifest.json"), std::string::npos) << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.key << ": " << message;
    EXPECT_EQ(message.find('\x1b'), std::string::npos) << message;
  }
  // Label names in any script are fine.
  const auto bundle = copy("logreg");
  auto m = manifest(bundle);
  m["label_map"] = {{"0", "n\xC3\xA9gatif"}, {"1", "\xE6\xAD\xA3\xE9\x9D\xA2"}};
  setManifest(bundle, m);
  EXPECT_EQ(Predictor::load(bundle)->manifest().labelMap.at(0), "n\xC3\xA9gatif");
}

// Item 8: the manifest's files accepted ../../etc/passwd and absolute paths, opened and hashed
// outside files, and the two error messages told whether they existed.
TEST_F(HostileBundle, PathsOutOfTheBundleAreRefusedWithoutLookingAtThem) {
  std::string messages[2];
  int i = 0;
  for (const auto* outside :
       {"../../../../../../etc/passwd", "../../../../../../etc/no-such-file"}) {
    const auto bundle = copy("logreg");
    auto m = manifest(bundle);
    m["files"][outside] = std::string(64, '0');
    setManifest(bundle, m);
    messages[i] = refusal(bundle);
    EXPECT_NE(messages[i].find("is not a relative path inside the bundle's model folder"),
              std::string::npos)
        << messages[i];
    const auto at = messages[i].find(outside);
    ASSERT_NE(at, std::string::npos);
    messages[i].erase(at, std::strlen(outside));
    ++i;
  }
  EXPECT_EQ(messages[0], messages[1]) << "the message must not tell whether the file exists";
  for (const auto* bad :
       {"/etc/passwd", "a/../../x", "./weights.txt", "a//b", "C:\\x", "a\\..\\b"}) {
    EXPECT_FALSE(isPathInside(bad)) << bad;
  }
  for (const auto* good : {"weights.txt", "sub/dir/file.bin", "caf\xC3\xA9.txt"}) {
    EXPECT_TRUE(isPathInside(good)) << good;
  }
}

// Item 8: files the manifest does not list were read unchecked (replace weights.txt and drop
// its entry: the bundle loaded and answered differently).
TEST_F(HostileBundle, FilesTheManifestDoesNotListAreRefused) {
  const auto bundle = copy("logreg");
  auto m = manifest(bundle);
  m["files"].erase("weights.txt");
  setManifest(bundle, m);
  EXPECT_NE(refusal(bundle).find("weights.txt is not listed in the manifest"), std::string::npos);

  const auto extra = copy("logreg");
  writeBytes(extra / "model" / "notes.txt", "added later");
  EXPECT_NE(refusal(extra).find("notes.txt is not listed"), std::string::npos);
}

TEST_F(HostileBundle, LinksOutOfTheBundleAreRefusedEvenWhenTheChecksumMatches) {
  const auto bundle = copy("logreg");
  const auto outside = dir_ / "outside-weights.txt";
  fs::copy_file(bundle / "model" / "weights.txt", outside);
  fs::remove(bundle / "model" / "weights.txt");
  fs::create_symlink(outside, bundle / "model" / "weights.txt");
  EXPECT_NE(refusal(bundle).find("weights.txt is a link out of the bundle"), std::string::npos);

  // A link that stays inside is only a link.
  const auto inside = copy("logreg");
  fs::rename(inside / "model" / "weights.txt", inside / "model" / "w.txt");
  fs::create_symlink("w.txt", inside / "model" / "weights.txt");
  auto m = manifest(inside);
  m["files"]["w.txt"] = m["files"]["weights.txt"];
  setManifest(inside, m);
  EXPECT_NO_THROW(Predictor::load(inside));
}

// Item 7: a manifest naming a FIFO or /dev/zero hung predict and the API; a manifest.json
// linked to /dev/zero was read until memory ran out.
TEST_F(HostileBundle, DevicesAndFifosAreRefusedNotRead) {
  const auto zeroManifest = copy("logreg");
  fs::remove(zeroManifest / "manifest.json");
  fs::create_symlink("/dev/zero", zeroManifest / "manifest.json");
  EXPECT_NE(refusal(zeroManifest).find("manifest.json"), std::string::npos);

  const auto fifoManifest = copy("logreg");
  fs::remove(fifoManifest / "manifest.json");
  ASSERT_EQ(::mkfifo((fifoManifest / "manifest.json").c_str(), 0600), 0);
  EXPECT_NE(refusal(fifoManifest).find("not a regular file"), std::string::npos);

  const auto fifoWeights = copy("logreg");
  fs::remove(fifoWeights / "model" / "weights.txt");
  ASSERT_EQ(::mkfifo((fifoWeights / "model" / "weights.txt").c_str(), 0600), 0);
  EXPECT_NE(refusal(fifoWeights).find("weights.txt is not a regular file"), std::string::npos);

  const auto hugeManifest = copy("logreg");
  writeBytes(hugeManifest / "manifest.json", std::string(17 << 20, ' '));
  EXPECT_NE(refusal(hugeManifest).find("is more than a JSON file may have (16 MiB)"),
            std::string::npos);
}

// Item 10: a json type error in a model's own metadata came out as
// "[json.exception.type_error.306] ..." without the file's name.
TEST_F(HostileBundle, TypeErrorsInModelMetadataNameTheFile) {
  const auto bundle = copy("fasttext");
  writeJsonFile(bundle / "model" / "fasttext.json", json::array({1, 2}));
  rehashManifest(bundle);
  const auto message = refusal(bundle);
  EXPECT_NE(message.find("model/fasttext.json: "), std::string::npos) << message;
  EXPECT_EQ(message.find("[json.exception"), std::string::npos) << message;
}

}  // namespace
}  // namespace tweetlab::bundle
