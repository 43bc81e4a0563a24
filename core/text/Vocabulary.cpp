#include "core/text/Vocabulary.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/common/Errors.h"
#include "core/common/Json.h"

namespace tweetlab::text {
namespace {

// Calls `f` for each space-separated token of an already preprocessed text.
template <typename F>
void forEachToken(std::string_view text, F&& f) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n')) ++pos;
    std::size_t end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n') ++end;
    if (end > pos) f(text.substr(pos, end - pos));
    pos = end;
  }
}

}  // namespace

Vocabulary::Vocabulary() {
  add(std::string(kPadToken), 0);
  add(std::string(kUnkToken), 0);
}

void Vocabulary::add(std::string token, std::size_t count) {
  ids_.emplace(token, static_cast<std::int32_t>(tokens_.size()));
  tokens_.push_back(std::move(token));
  counts_.push_back(count);
}

Vocabulary Vocabulary::build(std::span<const std::string> texts, const VocabularyOptions& options) {
  std::unordered_map<std::string, std::size_t> counts;
  for (const auto& text : texts) {
    forEachToken(text, [&](std::string_view token) { ++counts[std::string(token)]; });
  }
  std::vector<std::pair<std::string, std::size_t>> kept;
  for (auto& [token, n] : counts) {
    if (n >= std::max<std::size_t>(options.minCount, 1) && token != kPadToken &&
        token != kUnkToken) {
      kept.emplace_back(token, n);
    }
  }
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  Vocabulary vocabulary;
  if (options.maxSize > 2 && kept.size() > options.maxSize - 2) kept.resize(options.maxSize - 2);
  for (auto& [token, n] : kept) vocabulary.add(std::move(token), n);
  return vocabulary;
}

std::int32_t Vocabulary::id(std::string_view token) const {
  auto it = ids_.find(std::string(token));
  return it == ids_.end() ? kUnk : it->second;
}

const std::string& Vocabulary::token(std::int32_t id) const {
  return tokens_.at(static_cast<std::size_t>(id));
}

std::vector<std::int32_t> Vocabulary::encode(std::string_view text, std::size_t maxLength) const {
  std::vector<std::int32_t> ids;
  forEachToken(text, [&](std::string_view token) {
    if (maxLength == 0 || ids.size() < maxLength) ids.push_back(id(token));
  });
  if (ids.empty()) ids.push_back(kUnk);
  return ids;
}

std::vector<std::int32_t> Vocabulary::knownIds(std::string_view text) const {
  std::vector<std::int32_t> ids;
  forEachToken(text, [&](std::string_view token) {
    const auto i = id(token);
    if (i != kUnk) ids.push_back(i);
  });
  return ids;
}

void Vocabulary::save(const std::filesystem::path& file) const {
  std::ostringstream out;
  for (std::size_t i = 0; i < tokens_.size(); ++i) out << tokens_[i] << '\t' << counts_[i] << '\n';
  writeFileAtomically(file, out.str());
}

Vocabulary Vocabulary::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FormatError("cannot read the vocabulary " + file.string());
  Vocabulary vocabulary;
  vocabulary.tokens_.clear();
  vocabulary.counts_.clear();
  vocabulary.ids_.clear();
  std::string line;
  std::size_t lineNumber = 0;
  while (std::getline(in, line)) {
    ++lineNumber;
    const auto tab = line.rfind('\t');
    const auto where = file.string() + ":" + std::to_string(lineNumber);
    if (tab == std::string::npos || tab == 0)
      throw FormatError(where + ": expected token<TAB>count");
    std::size_t count = 0;
    try {
      std::size_t used = 0;
      count = std::stoull(line.substr(tab + 1), &used);
      if (used != line.size() - tab - 1) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      throw FormatError(where + ": the count '" + line.substr(tab + 1) + "' is not a number");
    }
    auto token = line.substr(0, tab);
    if (vocabulary.ids_.count(token)) throw FormatError(where + ": token '" + token + "' repeated");
    vocabulary.add(std::move(token), count);
  }
  if (vocabulary.size() < 2 || vocabulary.tokens_[kPad] != kPadToken ||
      vocabulary.tokens_[kUnk] != kUnkToken) {
    throw FormatError(file.string() + ": a vocabulary starts with <pad> and <unk>");
  }
  return vocabulary;
}

}  // namespace tweetlab::text
