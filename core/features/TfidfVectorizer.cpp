#include "core/features/TfidfVectorizer.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Numbers.h"

namespace tweetlab::features {
namespace {

std::vector<std::string_view> splitOnSpaces(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

// Byte offsets where UTF-8 code points start, plus the end: character n-grams never split one.
std::vector<std::size_t> codePointStarts(std::string_view s) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(s.size());
  return starts;
}

const char* analyzerName(TfidfConfig::Analyzer a) {
  return a == TfidfConfig::Analyzer::Char ? "char_wb" : "word";
}

}  // namespace

void to_json(nlohmann::json& j, const TfidfConfig& c) {
  j = {{"analyzer", analyzerName(c.analyzer)},
       {"ngram_min", c.ngramMin},
       {"ngram_max", c.ngramMax},
       {"min_df", c.minDf},
       {"max_df", c.maxDfRatio},
       {"max_features", c.maxFeatures},
       {"sublinear_tf", c.sublinearTf},
       {"smooth_idf", c.smoothIdf},
       {"l2_normalize", c.l2Normalize}};
}

void from_json(const nlohmann::json& j, TfidfConfig& c) {
  if (auto a = j.value("analyzer", std::string(analyzerName(c.analyzer))); a == "word") {
    c.analyzer = TfidfConfig::Analyzer::Word;
  } else if (a == "char_wb" || a == "char") {
    c.analyzer = TfidfConfig::Analyzer::Char;
  } else {
    throw InputError("tfidf: analyzer must be 'word' or 'char_wb', not '" + a + "'");
  }
  c.ngramMin = j.value("ngram_min", c.ngramMin);
  c.ngramMax = j.value("ngram_max", c.ngramMax);
  c.minDf = j.value("min_df", c.minDf);
  c.maxDfRatio = j.value("max_df", c.maxDfRatio);
  c.maxFeatures = j.value("max_features", c.maxFeatures);
  c.sublinearTf = j.value("sublinear_tf", c.sublinearTf);
  c.smoothIdf = j.value("smooth_idf", c.smoothIdf);
  c.l2Normalize = j.value("l2_normalize", c.l2Normalize);
  if (c.ngramMin < 1 || c.ngramMax < c.ngramMin) {
    throw InputError("tfidf: n-gram range must satisfy 1 <= ngram_min <= ngram_max");
  }
  if (c.maxDfRatio <= 0.0 || c.maxDfRatio > 1.0)
    throw InputError("tfidf: max_df must be in (0, 1]");
}

TfidfVectorizer::TfidfVectorizer(TfidfConfig config) : config_(config) {}

template <typename Sink>
void TfidfVectorizer::forEachTerm(std::string_view document, std::string& scratch,
                                  Sink&& sink) const {
  const auto tokens = splitOnSpaces(document);
  if (config_.analyzer == TfidfConfig::Analyzer::Word) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      scratch.clear();
      for (int n = 1; n <= config_.ngramMax && i + static_cast<std::size_t>(n) <= tokens.size();
           ++n) {
        if (n > 1) scratch.push_back(' ');
        scratch.append(tokens[i + static_cast<std::size_t>(n) - 1]);
        if (n >= config_.ngramMin) sink(scratch);
      }
    }
    return;
  }
  // char_wb: n-grams inside each word padded with one space on each side.
  std::string padded;
  for (auto token : tokens) {
    padded.assign(" ").append(token).push_back(' ');
    const auto starts = codePointStarts(padded);
    const std::size_t chars = starts.size() - 1;
    for (std::size_t i = 0; i < chars; ++i) {
      for (int n = config_.ngramMin; n <= config_.ngramMax; ++n) {
        if (i + static_cast<std::size_t>(n) > chars) break;
        scratch.assign(padded, starts[i], starts[i + static_cast<std::size_t>(n)] - starts[i]);
        sink(scratch);
      }
    }
  }
}

void TfidfVectorizer::fit(std::span<const std::string> documents) {
  if (documents.empty()) throw InputError("tfidf: cannot fit on zero documents");
  struct Counts {
    std::size_t df = 0;
    std::size_t total = 0;
    std::size_t lastDoc = static_cast<std::size_t>(-1);
  };
  std::unordered_map<std::string, Counts> counts;
  std::string scratch;
  for (std::size_t d = 0; d < documents.size(); ++d) {
    forEachTerm(documents[d], scratch, [&](const std::string& term) {
      auto& c = counts[term];
      ++c.total;
      if (c.lastDoc != d) {
        c.lastDoc = d;
        ++c.df;
      }
    });
  }
  const double n = static_cast<double>(documents.size());
  const auto maxDf = static_cast<std::size_t>(std::floor(config_.maxDfRatio * n + 1e-9));
  std::vector<std::pair<std::string, Counts>> kept;
  for (auto& [term, c] : counts) {
    if (c.df >= config_.minDf && c.df <= maxDf) kept.emplace_back(term, c);
  }
  if (config_.maxFeatures > 0 && kept.size() > config_.maxFeatures) {
    // Most frequent first; ties broken by term so the choice is deterministic.
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
      return a.second.total != b.second.total ? a.second.total > b.second.total : a.first < b.first;
    });
    kept.resize(config_.maxFeatures);
  }
  if (kept.empty()) {
    throw InputError("tfidf: no term occurs in at least min_df=" + std::to_string(config_.minDf) +
                     " documents; lower min_df or use more data");
  }
  std::sort(kept.begin(), kept.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  terms_.clear();
  idf_.clear();
  columns_.clear();
  terms_.reserve(kept.size());
  idf_.reserve(kept.size());
  columns_.reserve(kept.size());
  const double smooth = config_.smoothIdf ? 1.0 : 0.0;
  for (auto& [term, c] : kept) {
    idf_.push_back(
        static_cast<float>(std::log((n + smooth) / (static_cast<double>(c.df) + smooth)) + 1.0));
    columns_.emplace(term, static_cast<std::uint32_t>(terms_.size()));
    terms_.push_back(term);
  }
}

SparseMatrix TfidfVectorizer::transform(std::span<const std::string> documents) const {
  if (terms_.empty()) throw Error("tfidf: transform called before fit");
  SparseMatrix m;
  m.cols = terms_.size();
  m.rowStart.reserve(documents.size() + 1);
  std::string scratch;
  std::vector<std::uint32_t> hits;
  for (const auto& document : documents) {
    hits.clear();
    forEachTerm(document, scratch, [&](const std::string& term) {
      if (auto it = columns_.find(term); it != columns_.end()) hits.push_back(it->second);
    });
    std::sort(hits.begin(), hits.end());
    const std::size_t rowBegin = m.values.size();
    for (std::size_t i = 0; i < hits.size();) {
      std::size_t j = i;
      while (j < hits.size() && hits[j] == hits[i]) ++j;
      double tf = static_cast<double>(j - i);
      if (config_.sublinearTf) tf = 1.0 + std::log(tf);
      m.colIndex.push_back(hits[i]);
      m.values.push_back(static_cast<float>(tf * idf_[hits[i]]));
      i = j;
    }
    if (config_.l2Normalize) {
      double norm = 0.0;
      for (std::size_t k = rowBegin; k < m.values.size(); ++k)
        norm += double(m.values[k]) * m.values[k];
      if (norm > 0.0) {
        const double inv = 1.0 / std::sqrt(norm);
        for (std::size_t k = rowBegin; k < m.values.size(); ++k) {
          m.values[k] = static_cast<float>(m.values[k] * inv);
        }
      }
    }
    m.rowStart.push_back(m.values.size());
  }
  return m;
}

SparseMatrix TfidfVectorizer::fitTransform(std::span<const std::string> documents) {
  fit(documents);
  return transform(documents);
}

long TfidfVectorizer::columnOf(std::string_view term) const {
  auto it = columns_.find(std::string(term));
  return it == columns_.end() ? -1 : static_cast<long>(it->second);
}

void TfidfVectorizer::save(const std::filesystem::path& dir) const {
  std::string tsv;
  tsv.reserve(terms_.size() * 16);
  for (std::size_t i = 0; i < terms_.size(); ++i) {
    tsv.append(formatDouble(static_cast<double>(idf_[i])))
        .append("\t")
        .append(terms_[i])
        .append("\n");
  }
  writeFileAtomically(dir / "vocabulary.tsv", tsv);
  writeJsonFile(dir / "tfidf.json", nlohmann::json(config_));
}

TfidfVectorizer TfidfVectorizer::load(const std::filesystem::path& dir) {
  const auto configFile = dir / "tfidf.json";
  TfidfVectorizer v = [&] {
    try {
      return TfidfVectorizer(readJsonFile(configFile).get<TfidfConfig>());
    } catch (const nlohmann::json::exception& e) {
      throw FormatError(configFile.string() + ": " + describeJsonError(e));
    } catch (const InputError& e) {
      throw FormatError(configFile.string() + ": " + e.what());
    }
  }();
  const auto file = dir / "vocabulary.tsv";
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FormatError("model bundle is missing " + file.string());
  std::string line;
  std::size_t lineNumber = 0;
  while (std::getline(in, line)) {
    ++lineNumber;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      throw FormatError(file.string() + ":" + std::to_string(lineNumber) +
                        ": expected idf<TAB>term");
    }
    const auto idf = parseDouble(std::string_view(line).substr(0, tab));
    if (!idf) {
      throw FormatError(file.string() + ":" + std::to_string(lineNumber) + ": idf is not a number");
    }
    v.idf_.push_back(static_cast<float>(*idf));
    v.columns_.emplace(line.substr(tab + 1), static_cast<std::uint32_t>(v.terms_.size()));
    v.terms_.push_back(line.substr(tab + 1));
  }
  if (v.terms_.empty()) throw FormatError(file.string() + " holds no terms");
  return v;
}

}  // namespace tweetlab::features
