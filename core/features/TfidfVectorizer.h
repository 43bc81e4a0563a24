#pragma once
// TF-IDF over word n-grams (or character n-grams), scikit-learn's TfidfVectorizer semantics:
// idf = ln((1 + n) / (1 + df)) + 1 (smooth), optional sublinear tf = 1 + ln(tf), L2 row norm.
// Input documents are preprocessed text: tokens separated by single spaces.
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/features/SparseMatrix.h"
#include "core/features/TermTable.h"

namespace tweetlab::features {

struct TfidfConfig {
  enum class Analyzer { Word, Char };
  Analyzer analyzer = Analyzer::Word;
  int ngramMin = 1;
  int ngramMax = 2;
  std::size_t minDf = 2;        // terms in fewer documents are dropped
  double maxDfRatio = 1.0;      // terms in more than this share of documents are dropped
  std::size_t maxFeatures = 0;  // 0 = no cap; else keep the most frequent (by corpus count)
  bool sublinearTf = true;
  bool smoothIdf = true;
  bool l2Normalize = true;
};

void to_json(nlohmann::json& j, const TfidfConfig& c);
void from_json(const nlohmann::json& j, TfidfConfig& c);  // missing keys keep defaults

class TfidfVectorizer {
 public:
  explicit TfidfVectorizer(TfidfConfig config = {});

  const TfidfConfig& config() const { return config_; }
  // `threads` count the documents' terms (and build fitTransform's rows) in that many slices at
  // once (0 = all cores); the vocabulary and the matrix are the same for every number of threads.
  void fit(std::span<const std::string> documents, unsigned threads = 1);
  SparseMatrix transform(std::span<const std::string> documents) const;
  // fit then transform in one pass over the documents: each document's terms are kept as ids
  // from the counting, so no n-gram is built or looked up twice. The same matrix as the two calls.
  SparseMatrix fitTransform(std::span<const std::string> documents, unsigned threads = 1);

  std::size_t vocabularySize() const { return terms_.size(); }
  const std::vector<std::string>& terms() const { return terms_; }  // sorted, column order
  const std::vector<float>& idf() const { return idf_; }
  // Column of a term, or -1.
  long columnOf(std::string_view term) const;

  // vocabulary.tsv (idf<TAB>term per line, column order) + tfidf.json (config).
  void save(const std::filesystem::path& dir) const;
  static TfidfVectorizer load(const std::filesystem::path& dir);

 private:
  struct Scratch;
  struct CountedSlice;
  // Calls sink(term) for every n-gram of the document (repeats included); the view lives until
  // the next call.
  template <typename Sink>
  void forEachTerm(std::string_view document, Scratch& scratch, Sink&& sink) const;
  // Counts the terms of the documents, slice by slice in parallel; with `keepTermIds`, each
  // slice also records its documents' terms as its own ids.
  std::vector<CountedSlice> countTerms(std::span<const std::string> documents, unsigned threads,
                                       bool keepTermIds) const;
  // Keeps the vocabulary from the slices' counts (sets terms_, idf_, columns_); returns, per
  // slice, the column of each of its ids (TermTable::kAbsent where the term was dropped).
  std::vector<std::vector<std::uint32_t>> keepVocabulary(const std::vector<CountedSlice>& slices,
                                                         std::size_t documents);
  // Appends one row from its columns (in any order, repeats counted as term frequency).
  void appendRow(SparseMatrix& m, std::vector<std::uint32_t>& columns) const;

  TfidfConfig config_;
  std::vector<std::string> terms_;
  std::vector<float> idf_;
  TermTable columns_;  // term -> column: ids are the columns (terms are added in column order)
};

}  // namespace tweetlab::features
