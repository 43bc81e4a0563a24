#pragma once
// Subword tokenization with SentencePiece, trained on the training split. Turns a preprocessed
// text ("i lovee this") into space-separated pieces ("▁i ▁lov ee ▁this") that the Vocabulary and
// the embeddings then treat as tokens, so rare and misspelt words share pieces with known ones.
//
// SentencePiece itself lives in libtweetlab_spm_shim, loaded with dlopen on first use (see
// sentencepiece_shim/SpmShimAbi.h for the protobuf clash that makes this necessary). The shim is
// looked for in $TWEETLAB_SPM_SHIM, next to the executable, in <exe>/../lib/tweetlab, and where
// the build put it.
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::text {

struct SentencePieceOptions {
  int vocabSize = 8000;               // pieces, including SentencePiece's <unk>, <s>, </s>
  std::string modelType = "unigram";  // unigram | bpe | char | word
  double characterCoverage = 0.9995;  // rarer characters become <unk>
  unsigned seed = 1;
};

class SentencePieceTokenizer {
 public:
  // Trains on `texts` (one sentence each). A vocabulary larger than the texts allow is lowered
  // by SentencePiece rather than failing (hard_vocab_limit=false). InputError for bad options,
  // Error when the shim cannot be loaded or training fails.
  static SentencePieceTokenizer train(std::span<const std::string> texts,
                                      const SentencePieceOptions& options = {});
  // FormatError naming the file for anything that is not a SentencePiece model.
  static SentencePieceTokenizer load(const std::filesystem::path& file);

  SentencePieceTokenizer(SentencePieceTokenizer&&) noexcept;
  SentencePieceTokenizer& operator=(SentencePieceTokenizer&&) noexcept;
  ~SentencePieceTokenizer();

  // Pieces of `text` joined by single spaces (thread-safe).
  std::string encode(std::string_view text) const;
  std::vector<std::string> encodeAll(std::span<const std::string> texts) const;
  int pieceCount() const;
  // Writes the model (SentencePiece's own .model format, readable by spm_encode too).
  void save(const std::filesystem::path& file) const;

  // Where the shim was loaded from, or the error that kept it from loading.
  static std::string shimLocation();

 private:
  struct Model;
  explicit SentencePieceTokenizer(std::unique_ptr<Model> model);
  std::unique_ptr<Model> model_;
};

}  // namespace tweetlab::text
