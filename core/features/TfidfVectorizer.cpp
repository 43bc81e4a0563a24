#include "core/features/TfidfVectorizer.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Numbers.h"
#include "core/common/ParallelSlices.h"

namespace tweetlab::features {
namespace {

void splitOnSpaces(std::string_view text, std::vector<std::string_view>& tokens) {
  tokens.clear();
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) tokens.push_back(text.substr(start, i - start));
  }
}

// Byte offsets where UTF-8 code points start, plus the end: character n-grams never split one.
void codePointStarts(std::string_view s, std::vector<std::size_t>& starts) {
  starts.clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(s.size());
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

struct TfidfVectorizer::Scratch {
  std::vector<std::string_view> tokens;
  std::string joined;  // an n-gram whose tokens are not one space apart in the document
  std::string padded;  // char_wb: the word with a space on each side
  std::vector<std::size_t> starts;
};

template <typename Sink>
void TfidfVectorizer::forEachTerm(std::string_view document, Scratch& scratch, Sink&& sink) const {
  auto& tokens = scratch.tokens;
  splitOnSpaces(document, tokens);
  if (config_.analyzer == TfidfConfig::Analyzer::Word) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const char* first = tokens[i].data();
      std::size_t joinedLength = 0;  // the n tokens joined by single spaces
      for (int n = 1; n <= config_.ngramMax && i + static_cast<std::size_t>(n) <= tokens.size();
           ++n) {
        const auto last = tokens[i + static_cast<std::size_t>(n) - 1];
        joinedLength += (n > 1 ? 1 : 0) + last.size();
        if (n < config_.ngramMin) continue;
        // Preprocessed text has single spaces, so an n-gram is the document's own bytes from its
        // first token to its last; where spaces repeat, it is joined with single spaces.
        const std::string_view span(first,
                                    static_cast<std::size_t>(last.data() - first) + last.size());
        if (span.size() == joinedLength) {
          sink(span);
          continue;
        }
        scratch.joined.assign(tokens[i]);
        for (int k = 1; k < n; ++k) {
          scratch.joined.push_back(' ');
          scratch.joined.append(tokens[i + static_cast<std::size_t>(k)]);
        }
        sink(std::string_view(scratch.joined));
      }
    }
    return;
  }
  // char_wb: n-grams inside each word padded with one space on each side.
  auto& padded = scratch.padded;
  auto& starts = scratch.starts;
  for (auto token : tokens) {
    padded.assign(" ").append(token).push_back(' ');
    codePointStarts(padded, starts);
    const std::size_t chars = starts.size() - 1;
    for (std::size_t i = 0; i < chars; ++i) {
      for (int n = config_.ngramMin; n <= config_.ngramMax; ++n) {
        if (i + static_cast<std::size_t>(n) > chars) break;
        sink(std::string_view(padded).substr(starts[i],
                                             starts[i + static_cast<std::size_t>(n)] - starts[i]));
      }
    }
  }
}

struct TfidfVectorizer::CountedSlice {
  struct Counts {
    std::size_t df = 0;
    std::size_t total = 0;
  };
  TermTable terms;  // this slice's ids, in the order first seen
  std::vector<Counts> counts;
  std::vector<std::uint32_t> termIds;     // with keepTermIds: every document's terms, in order
  std::vector<std::size_t> documentEnds;  // where each document's ids end in termIds
};

std::vector<TfidfVectorizer::CountedSlice> TfidfVectorizer::countTerms(
    std::span<const std::string> documents, unsigned threads, bool keepTermIds) const {
  std::vector<CountedSlice> slices(sliceCount(documents.size(), threads));
  runSlices(documents.size(), threads, [&](Slice part) {
    auto& slice = slices[part.index];
    std::vector<std::size_t> lastDocument;  // per id: the last document that counted it
    Scratch scratch;
    if (keepTermIds) slice.documentEnds.reserve(part.end - part.begin);
    for (std::size_t d = part.begin; d < part.end; ++d) {
      forEachTerm(documents[d], scratch, [&](std::string_view term) {
        const auto id = slice.terms.intern(term);
        if (id == slice.counts.size()) {
          slice.counts.emplace_back();
          lastDocument.push_back(d);
          ++slice.counts.back().df;
        } else if (lastDocument[id] != d) {
          lastDocument[id] = d;
          ++slice.counts[id].df;
        }
        ++slice.counts[id].total;
        if (keepTermIds) slice.termIds.push_back(id);
      });
      if (keepTermIds) slice.documentEnds.push_back(slice.termIds.size());
    }
  });
  return slices;
}

std::vector<std::vector<std::uint32_t>> TfidfVectorizer::keepVocabulary(
    const std::vector<CountedSlice>& slices, std::size_t documents) {
  if (documents == 0) throw InputError("tfidf: cannot fit on zero documents");
  // The slices' terms merged in slice order: ids are then first-seen over all the documents,
  // as one slice would have numbered them. The slices cover disjoint documents, so their
  // document frequencies add up.
  TermTable merged;
  std::vector<CountedSlice::Counts> counts;
  std::vector<std::vector<std::uint32_t>> mergedId(slices.size());
  merged.reserve(slices.front().terms.size());
  for (std::size_t s = 0; s < slices.size(); ++s) {
    const auto& slice = slices[s];
    mergedId[s].resize(slice.terms.size());
    for (std::uint32_t id = 0; id < slice.terms.size(); ++id) {
      const auto m = merged.intern(slice.terms.term(id));
      if (m == counts.size()) counts.emplace_back();
      counts[m].df += slice.counts[id].df;
      counts[m].total += slice.counts[id].total;
      mergedId[s][id] = m;
    }
  }
  const double n = static_cast<double>(documents);
  const auto maxDf = static_cast<std::size_t>(std::floor(config_.maxDfRatio * n + 1e-9));
  std::vector<std::uint32_t> kept;
  for (std::uint32_t id = 0; id < counts.size(); ++id) {
    if (counts[id].df >= config_.minDf && counts[id].df <= maxDf) kept.push_back(id);
  }
  if (config_.maxFeatures > 0 && kept.size() > config_.maxFeatures) {
    // Most frequent first; ties broken by term so the choice is deterministic.
    std::sort(kept.begin(), kept.end(), [&](std::uint32_t a, std::uint32_t b) {
      return counts[a].total != counts[b].total ? counts[a].total > counts[b].total
                                                : merged.term(a) < merged.term(b);
    });
    kept.resize(config_.maxFeatures);
  }
  if (kept.empty()) {
    throw InputError("tfidf: no term occurs in at least min_df=" + std::to_string(config_.minDf) +
                     " documents; lower min_df or use more data");
  }
  std::sort(kept.begin(), kept.end(),
            [&](std::uint32_t a, std::uint32_t b) { return merged.term(a) < merged.term(b); });
  terms_.clear();
  idf_.clear();
  columns_.clear();
  terms_.reserve(kept.size());
  idf_.reserve(kept.size());
  columns_.reserve(kept.size());
  std::vector<std::uint32_t> columnOfMerged(counts.size(), TermTable::kAbsent);
  const double smooth = config_.smoothIdf ? 1.0 : 0.0;
  for (const auto id : kept) {
    idf_.push_back(static_cast<float>(
        std::log((n + smooth) / (static_cast<double>(counts[id].df) + smooth)) + 1.0));
    columnOfMerged[id] = columns_.intern(merged.term(id));
    terms_.emplace_back(merged.term(id));
  }
  for (auto& ids : mergedId) {
    for (auto& id : ids) id = columnOfMerged[id];
  }
  return mergedId;  // now each slice's id -> column
}

void TfidfVectorizer::fit(std::span<const std::string> documents, unsigned threads) {
  keepVocabulary(countTerms(documents, threads, false), documents.size());
}

void TfidfVectorizer::appendRow(SparseMatrix& m, std::vector<std::uint32_t>& columns) const {
  std::sort(columns.begin(), columns.end());
  const std::size_t rowBegin = m.values.size();
  for (std::size_t i = 0; i < columns.size();) {
    std::size_t j = i;
    while (j < columns.size() && columns[j] == columns[i]) ++j;
    double tf = static_cast<double>(j - i);
    if (config_.sublinearTf) tf = 1.0 + std::log(tf);
    m.colIndex.push_back(columns[i]);
    m.values.push_back(static_cast<float>(tf * idf_[columns[i]]));
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

SparseMatrix TfidfVectorizer::transform(std::span<const std::string> documents) const {
  if (terms_.empty()) throw Error("tfidf: transform called before fit");
  SparseMatrix m;
  m.cols = terms_.size();
  m.rowStart.reserve(documents.size() + 1);
  Scratch scratch;
  std::vector<std::uint32_t> hits;
  for (const auto& document : documents) {
    hits.clear();
    forEachTerm(document, scratch, [&](std::string_view term) {
      if (const auto column = columns_.find(term); column != TermTable::kAbsent) {
        hits.push_back(column);
      }
    });
    appendRow(m, hits);
  }
  return m;
}

SparseMatrix TfidfVectorizer::fitTransform(std::span<const std::string> documents,
                                           unsigned threads) {
  const auto slices = countTerms(documents, threads, true);
  const auto columnOf = keepVocabulary(slices, documents.size());
  // Each slice's rows from its recorded ids, in parallel, then put together in document order.
  std::vector<SparseMatrix> parts(slices.size());
  runSlices(slices.size(), static_cast<unsigned>(slices.size()), [&](Slice which) {
    for (std::size_t s = which.begin; s < which.end; ++s) {
      const auto& slice = slices[s];
      auto& part = parts[s];
      part.rowStart.reserve(slice.documentEnds.size() + 1);
      std::vector<std::uint32_t> hits;
      std::size_t begin = 0;
      for (const auto end : slice.documentEnds) {
        hits.clear();
        for (std::size_t k = begin; k < end; ++k) {
          if (const auto column = columnOf[s][slice.termIds[k]]; column != TermTable::kAbsent) {
            hits.push_back(column);
          }
        }
        appendRow(part, hits);
        begin = end;
      }
    }
  });
  if (parts.size() == 1) {
    parts.front().cols = terms_.size();
    return std::move(parts.front());
  }
  SparseMatrix m;
  m.cols = terms_.size();
  std::size_t nonZeros = 0;
  for (const auto& part : parts) nonZeros += part.nonZeros();
  m.rowStart.reserve(documents.size() + 1);
  m.colIndex.reserve(nonZeros);
  m.values.reserve(nonZeros);
  for (const auto& part : parts) {
    const std::size_t offset = m.values.size();
    for (std::size_t r = 1; r < part.rowStart.size(); ++r) {
      m.rowStart.push_back(offset + part.rowStart[r]);
    }
    m.colIndex.insert(m.colIndex.end(), part.colIndex.begin(), part.colIndex.end());
    m.values.insert(m.values.end(), part.values.begin(), part.values.end());
  }
  return m;
}

long TfidfVectorizer::columnOf(std::string_view term) const {
  const auto column = columns_.find(term);
  return column == TermTable::kAbsent ? -1 : static_cast<long>(column);
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
    const auto term = std::string_view(line).substr(tab + 1);
    if (v.columns_.intern(term) != v.terms_.size()) {
      throw FormatError(file.string() + ":" + std::to_string(lineNumber) + ": term '" +
                        std::string(term) + "' appears twice");
    }
    v.terms_.emplace_back(term);
  }
  if (v.terms_.empty()) throw FormatError(file.string() + " holds no terms");
  return v;
}

}  // namespace tweetlab::features
