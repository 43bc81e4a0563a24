// Issue #15's fuzz corpus (tests/fuzz/corpus, written by tests/fuzz/make_corpus.py with the
// expected outcome of every case) run over the three ways in from outside: the dataset loader,
// the bundle reader and the HTTP routes. Whatever a case holds, the outcome must be the expected
// one — rows loaded, rows skipped with their line and reason, a bundle refused naming the file,
// an HTTP status — and every message one printable line. The sanitizer build runs this too.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <sstream>

#include "core/bundle/Predictor.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/data/DatasetLoader.h"
#include "core/text/Utf8.h"
#include "tests/integration/serve/RawHttp.h"
#include "tests/integration/serve/ServeHarness.h"
#include "tests/support/TinyBundles.h"

namespace tweetlab {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kCorpus = fs::path(TWEETLAB_SOURCE_DIR) / "tests" / "fuzz" / "corpus";

// A refusal as the case expects it: a message holding `expected`, one printable short line.
void expectRefusal(const std::string& message, const json& expected) {
  EXPECT_NE(message.find(expected.get<std::string>()), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_LT(message.size(), 700u) << message;
  EXPECT_TRUE(text::utf8::isPrintable(message)) << message;
}

bool hasEntry(const std::vector<data::SkippedRow>& rows, std::size_t line,
              const std::string& part) {
  for (const auto& r : rows) {
    if (r.line == line && r.reason.find(part) != std::string::npos) return true;
  }
  return false;
}

std::string describe(const std::vector<data::SkippedRow>& rows) {
  std::string out;
  for (const auto& r : rows) out += "\n  " + std::to_string(r.line) + ": " + r.reason;
  return out;
}

TEST(FuzzCorpus, DatasetFiles) {
  const auto cases = readJsonFile(kCorpus / "data" / "cases.json");
  ASSERT_GE(cases.size(), 40u);
  for (const auto& [name, expect] : cases.items()) {
    SCOPED_TRACE(name);
    data::ReadOptions options;
    options.maxRecordBytes = 4096;  // as make_corpus.py assumes
    try {
      const auto r = data::loadDataset(kCorpus / "data" / name, options);
      if (expect.contains("error")) {
        ADD_FAILURE() << "loaded, expected the error: " << expect["error"];
        continue;
      }
      EXPECT_EQ(r.dataset.size(), expect["rows"].get<std::size_t>());
      EXPECT_EQ(r.report.neutralDropped, expect["neutral"].get<std::size_t>());
      EXPECT_EQ(r.report.skippedCount, expect["skipped"].size()) << describe(r.report.skipped);
      for (const auto& s : expect["skipped"]) {
        EXPECT_TRUE(hasEntry(r.report.skipped, s[0].get<std::size_t>(), s[1].get<std::string>()))
            << "no skip " << s << describe(r.report.skipped);
      }
      EXPECT_EQ(r.report.warningCount, expect["warnings"].size()) << describe(r.report.warnings);
      for (const auto& w : expect["warnings"]) {
        EXPECT_TRUE(hasEntry(r.report.warnings, w[0].get<std::size_t>(), w[1].get<std::string>()))
            << "no warning " << w << describe(r.report.warnings);
      }
      for (const auto& row : r.dataset.rows) EXPECT_TRUE(text::utf8::isValid(row.text));
      for (const auto* list : {&r.report.skipped, &r.report.warnings}) {
        for (const auto& s : *list) {
          EXPECT_TRUE(text::utf8::isPrintable(s.reason)) << s.reason;
          EXPECT_LT(s.reason.size(), 300u);
        }
      }
    } catch (const Error& e) {
      if (!expect.contains("error")) {
        ADD_FAILURE() << "refused: " << e.what();
        continue;
      }
      expectRefusal(e.what(), expect["error"]);
    }
  }
}

// The damage a bundle case describes, done to a copy of a freshly trained bundle.
class BundleDamage {
 public:
  BundleDamage(const fs::path& bundle, const fs::path& outside)
      : bundle_(bundle), outside_(outside) {}

  void apply(const json& step) {
    auto manifest = [&] { return readJsonFile(bundle_ / "manifest.json"); };
    const auto firstFile = [&] { return manifest()["files"].items().begin().key(); };
    if (step.contains("write")) {
      testing::writeBytes(bundle_ / step["write"].get<std::string>(),
                          step["text"].get<std::string>());
    } else if (step.contains("delete")) {
      fs::remove(bundle_ / step["delete"].get<std::string>());
    } else if (step.contains("fifo")) {
      ASSERT_EQ(::mkfifo((bundle_ / step["fifo"].get<std::string>()).c_str(), 0600), 0);
    } else if (step.contains("symlink")) {
      fs::create_symlink(step["to"].get<std::string>(),
                         bundle_ / step["symlink"].get<std::string>());
    } else if (step.contains("set")) {
      auto m = manifest();
      json* at = &m;
      for (const auto& key : step["set"]) at = &(*at)[key.get<std::string>()];
      *at = step["value"];
      writeJsonFile(bundle_ / "manifest.json", m);
    } else if (step.contains("set_in")) {
      const auto file = bundle_ / step["set_in"].get<std::string>();
      auto j = readJsonFile(file);
      json* at = &j;
      for (const auto& key : step["path"]) at = &(*at)[key.get<std::string>()];
      *at = step["value"];
      writeJsonFile(file, j);
    } else if (step.contains("set_first_file_sum")) {
      auto m = manifest();
      m["files"][firstFile()] = step["set_first_file_sum"];
      writeJsonFile(bundle_ / "manifest.json", m);
    } else if (step.contains("append_first_file")) {
      const auto file = bundle_ / "model" / firstFile();
      testing::writeBytes(file,
                          testing::readBytes(file) + step["append_first_file"].get<std::string>());
    } else if (step.contains("delete_first_file")) {
      fs::remove(bundle_ / "model" / firstFile());
    } else if (step.contains("fifo_first_file")) {
      ASSERT_EQ(::mkfifo((bundle_ / "model" / firstFile()).c_str(), 0600), 0);
    } else if (step.contains("link_first_file_outside")) {
      const auto file = bundle_ / "model" / firstFile();
      fs::rename(file, outside_);
      fs::create_symlink(outside_, file);
    } else if (step.contains("truncate")) {
      const auto file = bundle_ / step["truncate"].get<std::string>();
      const auto bytes = testing::readBytes(file);
      const auto size = step["size"].get<long long>();
      const auto keep = size < 0 ? static_cast<long long>(bytes.size()) + size : size;
      testing::writeBytes(file, bytes.substr(0, static_cast<std::size_t>(keep)));
    } else if (step.contains("append")) {
      const auto file = bundle_ / step["append"].get<std::string>();
      testing::writeBytes(file, testing::readBytes(file) + step["text"].get<std::string>());
    } else if (step.contains("int32")) {
      const auto file = bundle_ / step["int32"].get<std::string>();
      auto bytes = testing::readBytes(file);
      const auto value = step["value"].get<std::int32_t>();
      std::memcpy(bytes.data() + step["offset"].get<std::size_t>(), &value, sizeof value);
      testing::writeBytes(file, bytes);
    } else if (step.contains("replace_line") || step.contains("truncate_lines")) {
      const bool replace = step.contains("replace_line");
      const auto file =
          bundle_ / step[replace ? "replace_line" : "truncate_lines"].get<std::string>();
      std::istringstream in(testing::readBytes(file));
      std::string line, out;
      for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (!replace && n > step["keep"].get<std::size_t>()) break;
        out += (replace && n == step["line"].get<std::size_t>() ? step["text"].get<std::string>()
                                                                : line) +
               "\n";
      }
      testing::writeBytes(file, out);
    } else {
      FAIL() << "unknown step " << step;
    }
  }

 private:
  fs::path bundle_;
  fs::path outside_;
};

TEST(FuzzCorpus, Bundles) {
  const auto cases = readJsonFile(kCorpus / "bundle" / "cases.json");
  ASSERT_GE(cases.size(), 60u);
  for (const auto& c : cases) {
    const auto name = c["name"].get<std::string>();
    SCOPED_TRACE(name);
    tweetlab::testing::TempDir dir;
    const auto bundle =
        testing::copyOf(testing::tinyBundle(c["family"].get<std::string>()), dir / "bundle");
    BundleDamage damage(bundle, dir / "outside.bin");
    for (const auto& step : c["steps"]) damage.apply(step);
    if (c["rehash"].get<bool>()) testing::rehashManifest(bundle);
    const auto& expect = c["expect"];
    try {
      const auto predictor = bundle::Predictor::load(bundle);
      if (!expect.value("loads", false)) {
        ADD_FAILURE() << "loaded, expected: " << expect["error"];
        continue;
      }
      const auto p = predictor->predict(std::string("what a day"));
      EXPECT_TRUE(p.probabilityPositive >= 0.0 && p.probabilityPositive <= 1.0);
    } catch (const FormatError& e) {
      if (expect.value("loads", false)) {
        ADD_FAILURE() << "refused: " << e.what();
        continue;
      }
      expectRefusal(e.what(), expect["error"]);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not a FormatError: " << e.what();
    }
  }
}

TEST(FuzzCorpus, HttpRequests) {
  const auto cases = readJsonFile(kCorpus / "http" / "cases.json");
  ASSERT_GE(cases.size(), 60u);
  tweetlab::testing::TempDir dir;
  serve::testing::ServeHarness serve(serve::testing::testConfig(dir / "feedback.jsonl"));
  for (const auto& [name, expect] : cases.items()) {
    SCOPED_TRACE(name);
    const int fd = serve::testing::connectTo(serve.port());
    ASSERT_GE(fd, 0);
    serve::testing::trySend(fd, testing::readBytes(kCorpus / "http" / name));  // may be cut short
    ::shutdown(fd, SHUT_WR);  // the client has said everything
    const auto response = serve::testing::receiveAll(fd);
    ::close(fd);
    EXPECT_EQ(serve::testing::statusOf(response), expect["status"].get<int>())
        << response.substr(0, 300);
    if (expect.contains("code")) {
      const auto body = response.substr(std::min(response.size(), response.find("\r\n\r\n") + 4));
      const auto j = tryParseJson(body).value_or(json());
      EXPECT_TRUE(j.is_object() &&
                  j["error"].value("code", "") == expect["code"].get<std::string>())
          << body;
    }
  }
  EXPECT_EQ(serve.client().Get("/health")->status, 200);
  EXPECT_EQ(serve.client().Post("/predict", R"({"text":"still fine"})", "application/json")->status,
            200);
}

}  // namespace
}  // namespace tweetlab
