#include "core/bert/WordPieceTokenizer.h"

#include <fstream>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/text/Utf8.h"

namespace tweetlab::bert {
namespace {

// The reference gives up on longer words (they are [UNK]): keeps WordPiece's quadratic search
// cheap.
constexpr std::size_t kMaxCharsPerWord = 100;

}  // namespace

WordPieceTokenizer::WordPieceTokenizer(std::vector<std::string> vocabulary,
                                       BasicTokenizerOptions options)
    : vocabulary_(std::move(vocabulary)), basic_(options) {
  if (vocabulary_.empty()) throw FormatError("the BERT vocabulary is empty");
  ids_.reserve(vocabulary_.size());
  // A token listed twice keeps its last line, as Hugging Face's dict assignment does.
  for (std::size_t i = 0; i < vocabulary_.size(); ++i)
    ids_[vocabulary_[i]] = static_cast<std::int64_t>(i);
  auto special = [this](const char* token) {
    const auto it = ids_.find(token);
    if (it == ids_.end()) {
      throw FormatError(std::string("the BERT vocabulary has no ") + token + " token");
    }
    return it->second;
  };
  cls_ = special("[CLS]");
  sep_ = special("[SEP]");
  pad_ = special("[PAD]");
  unk_ = special("[UNK]");
}

std::vector<std::string> WordPieceTokenizer::readVocabulary(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError("cannot read the BERT vocabulary " + file.string());
  std::vector<std::string> vocabulary;
  std::string line;
  while (std::getline(in, line)) vocabulary.push_back(line);
  return vocabulary;
}

bool WordPieceTokenizer::looksUncased(const std::vector<std::string>& vocabulary) {
  for (const auto& token : vocabulary) {
    if (token.size() > 1 && token.front() == '[' && token.back() == ']') continue;
    for (char c : token) {
      if (c >= 'A' && c <= 'Z') return false;
    }
  }
  return true;
}

WordPieceTokenizer WordPieceTokenizer::fromDirectory(const std::filesystem::path& dir,
                                                     std::optional<bool> lowercase) {
  const auto vocabFile = dir / "vocab.txt";
  if (!std::filesystem::exists(vocabFile)) {
    throw InputError(dir.string() + " is not a BERT checkpoint directory: it has no vocab.txt");
  }
  auto vocabulary = readVocabulary(vocabFile);
  BasicTokenizerOptions options;
  const auto configFile = dir / "tokenizer_config.json";
  bool fromConfig = false;
  if (!lowercase && std::filesystem::exists(configFile)) {
    const auto config = readJsonFile(configFile);
    if (config.contains("do_lower_case") && config["do_lower_case"].is_boolean()) {
      options.lowercase = config["do_lower_case"].get<bool>();
      fromConfig = true;
    }
    if (config.contains("strip_accents") && config["strip_accents"].is_boolean()) {
      options.stripAccents = config["strip_accents"].get<bool>();
    } else {
      options.stripAccents = options.lowercase;
    }
    if (config.contains("tokenize_chinese_chars") &&
        config["tokenize_chinese_chars"].is_boolean()) {
      options.splitCjk = config["tokenize_chinese_chars"].get<bool>();
    }
  }
  if (lowercase) {
    options.lowercase = options.stripAccents = *lowercase;
  } else if (!fromConfig) {
    options.lowercase = options.stripAccents = looksUncased(vocabulary);
  }
  try {
    return WordPieceTokenizer(std::move(vocabulary), options);
  } catch (const FormatError& e) {
    throw FormatError(vocabFile.string() + ": " + e.what());
  }
}

void WordPieceTokenizer::wordPieces(const std::string& word, std::vector<std::string>& out) const {
  if (text::utf8::codePointCount(word) > kMaxCharsPerWord) {
    out.push_back(vocabulary_[static_cast<std::size_t>(unk_)]);
    return;
  }
  const auto before = out.size();
  std::size_t start = 0;
  std::string candidate;
  while (start < word.size()) {
    // Longest match first: shrink the end one code point at a time.
    std::size_t end = word.size();
    bool found = false;
    while (end > start) {
      candidate.assign(start > 0 ? "##" : "");
      candidate.append(word, start, end - start);
      if (ids_.count(candidate) != 0) {
        found = true;
        break;
      }
      do {
        --end;
      } while (end > start && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80);
    }
    if (!found) {
      out.resize(before);
      out.push_back(vocabulary_[static_cast<std::size_t>(unk_)]);
      return;
    }
    out.push_back(candidate);
    start = end;
  }
}

std::vector<std::string> WordPieceTokenizer::tokenize(std::string_view text) const {
  std::vector<std::string> pieces;
  for (const auto& word : basic_.tokenize(text)) wordPieces(word, pieces);
  return pieces;
}

Encoding WordPieceTokenizer::encode(std::string_view text, std::size_t maxLength) const {
  if (maxLength < 2) throw InputError("BERT max_length must be at least 2 ([CLS] and [SEP])");
  const auto pieces = tokenize(text);
  Encoding e;
  const auto kept = std::min(pieces.size(), maxLength - 2);
  e.truncated = kept < pieces.size();
  e.ids.reserve(kept + 2);
  e.ids.push_back(cls_);
  for (std::size_t i = 0; i < kept; ++i) e.ids.push_back(idOf(pieces[i]));
  e.ids.push_back(sep_);
  return e;
}

std::int64_t WordPieceTokenizer::idOf(std::string_view token) const {
  const auto it = ids_.find(std::string(token));
  return it == ids_.end() ? unk_ : it->second;
}

const std::string& WordPieceTokenizer::tokenOf(std::int64_t id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= vocabulary_.size()) {
    throw InputError("token id " + std::to_string(id) + " is outside the BERT vocabulary");
  }
  return vocabulary_[static_cast<std::size_t>(id)];
}

void WordPieceTokenizer::save(const std::filesystem::path& dir) const {
  std::string text;
  for (const auto& token : vocabulary_) text += token + "\n";
  writeFileAtomically(dir / "vocab.txt", text);
  writeJsonFile(dir / "tokenizer_config.json", {{"do_lower_case", options().lowercase},
                                                {"strip_accents", options().stripAccents},
                                                {"tokenize_chinese_chars", options().splitCjk},
                                                {"tokenizer_class", "BertTokenizer"}});
}

}  // namespace tweetlab::bert
