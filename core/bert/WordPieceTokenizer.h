#pragma once
// BERT's tokenizer: BasicTokenizer, then greedy longest-match-first WordPiece over vocab.txt
// (continuation pieces carry "##"; a word with no full segmentation, or longer than 100 code
// points, becomes [UNK] as a whole), then [CLS] ... [SEP] with truncation to a maximum length.
//
// vocab.txt is one token per line, the line number being the id (as Hugging Face reads it: only
// the trailing newline is removed). Whether to lower-case comes from the checkpoint's
// tokenizer_config.json ("do_lower_case") when present, else from the vocabulary itself: a
// cased vocabulary holds upper-case word pieces, an uncased one none.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/bert/BasicTokenizer.h"

namespace tweetlab::bert {

// One text ready for the encoder: [CLS] pieces [SEP], no padding (batches pad).
struct Encoding {
  std::vector<std::int64_t> ids;
  bool truncated = false;
};

class WordPieceTokenizer {
 public:
  // FormatError when a special token ([CLS] [SEP] [PAD] [UNK]) is missing or the list is empty.
  WordPieceTokenizer(std::vector<std::string> vocabulary, BasicTokenizerOptions options);

  // Reads DIR/vocab.txt and DIR/tokenizer_config.json (optional). `lowercase` overrides both.
  static WordPieceTokenizer fromDirectory(const std::filesystem::path& dir,
                                          std::optional<bool> lowercase = std::nullopt);
  static std::vector<std::string> readVocabulary(const std::filesystem::path& file);
  // True when no entry outside [brackets] has an upper-case ASCII letter.
  static bool looksUncased(const std::vector<std::string>& vocabulary);

  // Word pieces of `text` (no special tokens).
  std::vector<std::string> tokenize(std::string_view text) const;
  // Ids of `text` with [CLS]/[SEP], at most maxLength (>= 2) ids in all.
  Encoding encode(std::string_view text, std::size_t maxLength) const;

  std::int64_t idOf(std::string_view token) const;  // [UNK]'s id when unknown
  const std::string& tokenOf(std::int64_t id) const;
  std::size_t size() const { return vocabulary_.size(); }
  const std::vector<std::string>& vocabulary() const { return vocabulary_; }
  const BasicTokenizerOptions& options() const { return basic_.options(); }

  std::int64_t clsId() const { return cls_; }
  std::int64_t sepId() const { return sep_; }
  std::int64_t padId() const { return pad_; }
  std::int64_t unkId() const { return unk_; }

  // Writes vocab.txt and tokenizer_config.json so fromDirectory() gives this tokenizer back.
  void save(const std::filesystem::path& dir) const;

 private:
  void wordPieces(const std::string& word, std::vector<std::string>& out) const;

  std::vector<std::string> vocabulary_;
  std::unordered_map<std::string, std::int64_t> ids_;
  BasicTokenizer basic_;
  std::int64_t cls_ = 0, sep_ = 0, pad_ = 0, unk_ = 0;
};

}  // namespace tweetlab::bert
