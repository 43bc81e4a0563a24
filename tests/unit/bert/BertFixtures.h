#pragma once
// The Python references, run once per test process: reference_tokenizer.py (a vocabulary built
// from the sample tweets + the reference tokens of 3,000 real tweets and edge cases) and
// reference_bert.py suite (random-weight Hugging Face checkpoints + reference hidden states).
// Debian's /usr/bin/python3 with python3-torch; tests skip, saying why, when it is missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"

namespace tweetlab::testing {

class BertFixtures {
 public:
  static const BertFixtures& get() {
    static const BertFixtures fixtures;
    return fixtures;
  }
  bool available() const { return ok_; }
  const std::string& why() const { return why_; }
  std::filesystem::path tokenizerDir() const { return dir_ / "tokenizer"; }
  std::filesystem::path checkpoint(const std::string& name) const { return dir_ / "suite" / name; }

 private:
  BertFixtures() {
    const std::string python = TWEETLAB_REFERENCE_PYTHON;
    const std::string scripts = std::string(TWEETLAB_SOURCE_DIR) + "/tests/unit/bert/";
    std::filesystem::create_directories(dir_ / "tokenizer");
    std::filesystem::create_directories(dir_ / "suite");
    auto run = [&](const std::string& command) {
      if (ok_ && std::system((command + " 2>" + (dir_ / "python.err").string()).c_str()) != 0) {
        ok_ = false;
        why_ = "reference failed: " + command;
      }
    };
    if (std::system((python + " -c 'import torch' >/dev/null 2>&1").c_str()) != 0) {
      ok_ = false;
      why_ = python + " cannot import torch (install python3-torch)";
      return;
    }
    run(python + " " + scripts + "reference_tokenizer.py " + samplePath() + " " +
        (dir_ / "tokenizer").string() + " 3000");
    run(python + " " + scripts + "reference_bert.py suite " + (dir_ / "suite").string() + " " +
        (dir_ / "tokenizer" / "vocab.txt").string());
  }

  TempDir temp_;
  std::filesystem::path dir_ = temp_.path();
  bool ok_ = true;
  std::string why_;
};

#define TWEETLAB_REQUIRE_BERT_FIXTURES()                              \
  do {                                                                \
    if (!::tweetlab::testing::BertFixtures::get().available())        \
      GTEST_SKIP() << ::tweetlab::testing::BertFixtures::get().why(); \
  } while (false)

}  // namespace tweetlab::testing
