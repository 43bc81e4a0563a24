// One meaning for a run filter wherever the runs are: the local store answers a RunQuery in SQL,
// the runs fetched from MLflow are filtered in memory (applyQuery). Both must list the same runs
// in the same order, or the Runs page would show different runs for the same filter when the
// user switches the source.
#include <gtest/gtest.h>

#include <cmath>

#include "core/common/Errors.h"
#include "core/common/Platform.h"
#include "core/tracking/RunQuery.h"
#include "core/tracking/RunStore.h"
#include "tests/support/TempDir.h"

namespace tweetlab::tracking {
namespace {

RunRecord run(const std::string& name, const std::string& family, double accuracy,
              std::int64_t start, RunStatus status = RunStatus::Finished,
              const std::string& embedding = "glove") {
  RunRecord r;
  r.id = newRunId();
  r.runName = name;
  r.status = status;
  r.startTimeMs = start;
  r.endTimeMs = start + 1000;
  r.params = {{"model.family", family}};
  if (!std::isnan(accuracy)) r.metrics = {{"accuracy", accuracy}};
  r.tags = {{tag::kModelFamily, family},
            {tag::kPreprocessing, name == "b" ? "lemma" : "stem"},
            {tag::kEmbedding, embedding}};
  r.pid = 1;  // alive: crash recovery leaves these alone
  r.host = platform::hostName();
  return r;
}

std::string names(const std::vector<RunSummary>& runs) {
  std::string out;
  for (const auto& r : runs) out += r.runName;
  return out;
}

class RunQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    records_ = {run("a", "logreg", 0.70, 1000),
                run("b", "cnn", 0.80, 2000, RunStatus::Finished, "word2vec"),
                run("c", "logreg", 0.75, 3000),
                run("d", "bilstm", std::nan(""), 4000, RunStatus::Failed),
                run("e", "cnn", 0.80, 5000, RunStatus::Killed)};
    for (const auto& r : records_) store_.save(r);
  }
  // Both listings, checked equal; returns the names in order.
  std::string both(const RunQuery& q) {
    const auto local = names(store_.list(q));
    EXPECT_EQ(names(applyQuery(records_, q)), local) << "sort by " << q.sortBy;
    return local;
  }

  testing::TempDir dir_;
  RunStore store_{dir_.path()};
  std::vector<RunRecord> records_;
};

TEST_F(RunQueryTest, TheStoreAndTheRemoteListingAgreeOnFiltersAndOrder) {
  RunQuery q;
  EXPECT_EQ(both(q), "edcba");  // newest first
  q.sortBy = "accuracy";
  EXPECT_EQ(both(q), "ebcad");  // a tie goes to the newer run; no accuracy: last
  q.descending = false;
  EXPECT_EQ(both(q), "acebd");  // still last when ascending
  q.sortBy = "run_name";
  EXPECT_EQ(both(q), "abcde");
  q.family = "cnn";
  EXPECT_EQ(both(q), "be");
  q.status = RunStatus::Killed;
  EXPECT_EQ(both(q), "e");

  RunQuery text;
  text.text = "LEMMA";  // preprocessing, any case
  EXPECT_EQ(both(text), "b");
  text.text = records_[2].id.substr(0, 10);  // an id prefix
  EXPECT_EQ(both(text), "c");

  RunQuery page;
  page.sortBy = "accuracy";
  page.limit = 2;
  page.offset = 1;
  EXPECT_EQ(both(page), "bc");
}

TEST_F(RunQueryTest, TagFiltersKeepOnlyRunsWithEveryTag) {
  RunQuery q;
  addTagFilter(q, std::string(tag::kEmbedding) + "=glove");
  EXPECT_EQ(both(q), "edca");
  addTagFilter(q, std::string(tag::kModelFamily) + "=cnn");
  EXPECT_EQ(both(q), "e");
  addTagFilter(q, "no.such.tag=x");
  EXPECT_EQ(both(q), "");
  EXPECT_THROW(addTagFilter(q, "embedding"), InputError);
  EXPECT_THROW(addTagFilter(q, "=glove"), InputError);
}

TEST_F(RunQueryTest, ListedRunsCarryTheirTagsAndFailureReason) {
  auto failed = run("f", "cnn", std::nan(""), 6000, RunStatus::Failed);
  failed.error = "out of memory";
  store_.save(failed);
  RunQuery q;
  q.status = RunStatus::Failed;
  q.family = "cnn";
  const auto runs = store_.list(q);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].error, "out of memory");
  EXPECT_EQ(runs[0].tags.at(tag::kEmbedding), "glove");
  EXPECT_EQ(summaryOf(failed).tags, runs[0].tags);
}

// The Runs table and `runs list` show what a run learned from: a run on the wrong file or with
// an empty validation split is seen without opening it. The bundle flag tells which runs have a
// model to export.
TEST_F(RunQueryTest, ListedRunsCarryTheirDataSourceSplitRowsAndWhetherTheyKeptABundle) {
  auto trained = run("t", "svm", 0.9, 7000);
  trained.params["data.path"] = "/data/sentiment/tweets.csv";
  trained.params["data.train_rows"] = "8000";
  trained.params["data.val_rows"] = "0";
  trained.params["data.test_rows"] = "1000";
  trained.artifacts.push_back({"model/manifest.json", 10, "ab"});
  store_.save(trained);
  auto early = run("u", "svm", std::nan(""), 8000, RunStatus::Failed);  // failed before the split
  early.tags["tweetlab.dataset_path"] = "/data/other.csv";
  store_.save(early);
  RunQuery q;
  q.family = "svm";
  const auto runs = store_.list(q);
  ASSERT_EQ(runs.size(), 2U);
  const auto& u = runs[0];
  const auto& t = runs[1];
  EXPECT_EQ(t.dataSource, "tweets.csv");
  EXPECT_EQ(t.trainRows, 8000);
  EXPECT_EQ(t.validationRows, 0);
  EXPECT_EQ(t.testRows, 1000);
  EXPECT_TRUE(t.hasBundle);
  EXPECT_EQ(u.dataSource, "other.csv") << "the dataset tag when the params lack the path";
  EXPECT_EQ(u.trainRows, -1) << "unknown, not zero";
  EXPECT_FALSE(u.hasBundle);
  // The runs fetched from MLflow are summarised the same way.
  for (const auto& [record, listed] : {std::pair{trained, t}, std::pair{early, u}}) {
    const auto s = summaryOf(record);
    EXPECT_EQ(s.dataSource, listed.dataSource);
    EXPECT_EQ(s.trainRows, listed.trainRows);
    EXPECT_EQ(s.validationRows, listed.validationRows);
    EXPECT_EQ(s.testRows, listed.testRows);
    EXPECT_EQ(s.hasBundle, listed.hasBundle);
  }
}

}  // namespace
}  // namespace tweetlab::tracking
