// The local run store: schema and migrations, round trips, queries, concurrent writers (threads
// and processes), crash recovery and the durable push queue. Real SQLite files in a temp dir.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <set>
#include <thread>

#include "core/common/Errors.h"
#include "core/common/Platform.h"
#include "core/tracking/RunStore.h"
#include "core/tracking/Sqlite.h"
#include "tests/support/TempDir.h"

namespace tweetlab::tracking {
namespace {

using testing::TempDir;

RunRecord sampleRun(const std::string& name, const std::string& family, double accuracy,
                    RunStatus status = RunStatus::Finished) {
  RunRecord r;
  r.id = newRunId();
  r.runName = name;
  r.status = status;
  r.startTimeMs = nowMs();
  r.endTimeMs = r.startTimeMs + 1000;
  r.spec = {{"model", {{"family", family}}}};
  r.params = {{"model.family", family}, {"model.params.C", "1"}};
  if (!std::isnan(accuracy)) r.metrics = {{"accuracy", accuracy}, {"roc_auc", accuracy + 0.05}};
  r.tags = {{tag::kModelFamily, family}, {tag::kPreprocessing, "stem"}};
  r.history = {{"loss", 0.7, 1, r.startTimeMs + 10}, {"loss", 0.5, 2, r.startTimeMs + 20}};
  r.pid = 1;  // init: alive, so recovery leaves these alone
  r.host = platform::hostName();
  return r;
}

TEST(RunStore, CreatesVersionedSchemaInWalMode) {
  TempDir dir;
  RunStore store(dir.path());
  EXPECT_EQ(store.schemaVersion(), kStoreSchemaVersion);
  SqliteDb db(store.databaseFile());
  auto mode = db.prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.text(0), "wal");
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "artifacts"));
}

TEST(RunStore, MigratesAVersion1StoreAndKeepsItsRuns) {
  TempDir dir;
  {
    SqliteDb db(dir.path() / "runs.db");
    migrateStore(db, 1);
    ASSERT_EQ(db.userVersion(), 1);
    db.exec(
        "INSERT INTO runs(id, experiment, run_name, spec, status, start_time, end_time, "
        "model_family)"
        " VALUES ('00112233445566778899aabbccddeeff', 'old', 'v1 run', '{}', 'FINISHED', 1000, "
        "2000, 'logreg');"
        "INSERT INTO metrics VALUES ('00112233445566778899aabbccddeeff', 'accuracy', 0.75);"
        "INSERT INTO params VALUES ('00112233445566778899aabbccddeeff', 'model.params.C', '2');"
        // An epoch as older versions named it: training accuracy under the final metric's name.
        "INSERT INTO history VALUES ('00112233445566778899aabbccddeeff', 'accuracy', 1, 0.9, 1500);"
        "INSERT INTO history VALUES ('00112233445566778899aabbccddeeff', 'val_loss', 1, 0.4, "
        "1500);");
  }
  RunStore store(dir.path());
  EXPECT_EQ(store.schemaVersion(), kStoreSchemaVersion);
  const auto run = store.get("00112233445566778899aabbccddeeff");
  ASSERT_TRUE(run);
  EXPECT_EQ(run->runName, "v1 run");
  EXPECT_DOUBLE_EQ(run->metric("accuracy"), 0.75);
  EXPECT_EQ(run->params.at("model.params.C"), "2");
  EXPECT_EQ(run->mlflowRunId, "");
  // Version 3: the epoch's training accuracy no longer shares the final accuracy's key (MLflow
  // would show it instead of the validation accuracy), validation series keep theirs.
  std::set<std::string> keys;
  for (const auto& p : run->history) keys.insert(p.key);
  EXPECT_EQ(keys, (std::set<std::string>{"train_accuracy", "val_loss"}));
  // The version 2 parts work on the migrated data.
  store.queuePush(run->id, "http://mlflow.example:5000");
  EXPECT_EQ(store.pendingPushes().size(), 1U);
}

TEST(RunStore, RefusesAStoreFromANewerTweetLab) {
  TempDir dir;
  {
    SqliteDb db(dir.path() / "runs.db");
    db.setUserVersion(99);
  }
  EXPECT_THROW(RunStore store(dir.path()), FormatError);
}

TEST(RunStore, SavesAndReadsBackAWholeRecord) {
  TempDir dir;
  RunStore store(dir.path());
  auto r = sampleRun("logreg · stem", "logreg", 0.76);
  r.metrics["log_loss"] = std::nan("");
  r.metrics["weird"] = HUGE_VAL;
  r.artifacts = {{"plots/roc_curve.png", 1234, "ab"}, {"spec.json", 10, "cd"}};
  r.error = "";
  r.notes = "no plots";
  store.save(r);
  const auto back = store.get(r.id);
  ASSERT_TRUE(back);
  EXPECT_EQ(toJson(*back).dump(), toJson(r).dump());
  EXPECT_TRUE(std::isnan(back->metric("log_loss")));
  EXPECT_TRUE(std::isinf(back->metric("weird")));
  EXPECT_EQ(back->history.size(), 2U);
  // The JSON form (runs show --json, the GUI's export) reads back to the same record.
  EXPECT_EQ(toJson(runRecordFromJson(toJson(*back))).dump(), toJson(r).dump());
}

TEST(RunStore, ListsFiltersAndSortsByAnyMetric) {
  TempDir dir;
  RunStore store(dir.path());
  store.save(sampleRun("a", "logreg", 0.70));
  store.save(sampleRun("b", "fasttext", 0.80));
  store.save(sampleRun("c", "logreg", 0.75));
  store.save(sampleRun("d", "bilstm", std::nan(""), RunStatus::Failed));

  auto names = [](const std::vector<RunSummary>& runs) {
    std::string out;
    for (const auto& r : runs) out += r.runName;
    return out;
  };
  RunQuery q;
  q.sortBy = "accuracy";
  EXPECT_EQ(names(store.list(q)), "bcad");  // without the metric: last
  q.descending = false;
  EXPECT_EQ(names(store.list(q)), "acbd");
  q.family = "logreg";
  EXPECT_EQ(names(store.list(q)), "ac");
  RunQuery failed;
  failed.status = RunStatus::Failed;
  EXPECT_EQ(names(store.list(failed)), "d");
  RunQuery text;
  text.text = "FASTTEXT";
  EXPECT_EQ(names(store.list(text)), "b");
  RunQuery page;
  page.sortBy = "roc_auc";
  page.limit = 2;
  page.offset = 1;
  EXPECT_EQ(names(store.list(page)), "ca");
  const auto all = store.list();
  ASSERT_EQ(all.size(), 4U);
  for (const auto& run : all) {
    if (run.runName == "b") {
      EXPECT_DOUBLE_EQ(run.metrics.at("roc_auc"), 0.85);
    }
    if (run.runName == "d") {
      EXPECT_TRUE(run.metrics.empty());
    }
  }
}

TEST(RunStore, DeleteRemovesTheRunAndItsArtifacts) {
  TempDir dir;
  RunStore store(dir.path());
  const auto r = sampleRun("x", "logreg", 0.7);
  store.save(r);
  std::filesystem::create_directories(store.artifactDir(r.id) / "plots");
  std::ofstream(store.artifactDir(r.id) / "plots" / "roc_curve.png") << "png";
  EXPECT_TRUE(store.remove(r.id));
  EXPECT_FALSE(store.get(r.id));
  EXPECT_FALSE(std::filesystem::exists(store.artifactDir(r.id)));
  EXPECT_FALSE(store.remove(r.id));
  SqliteDb db(store.databaseFile());
  auto left = db.prepare("SELECT (SELECT COUNT(*) FROM params) + (SELECT COUNT(*) FROM history)");
  left.step();
  EXPECT_EQ(left.integer(0), 0);
}

// The Runs page renames a run and keeps the analyst's notes on it: only those change, the run's
// params, metrics and history stay as training left them, and listings show the new text.
TEST(RunStore, RenamesARunAndKeepsItsNotesLeavingTheRestAsTrained) {
  TempDir dir;
  RunStore store(dir.path());
  const auto r = sampleRun("logreg C=1", "logreg", 0.7);
  store.save(r);
  EXPECT_TRUE(store.rename(r.id, "baseline"));
  EXPECT_TRUE(store.setNotes(r.id, "trained on the old labels\ndo not ship"));
  const auto back = store.get(r.id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->runName, "baseline");
  EXPECT_EQ(back->notes, "trained on the old labels\ndo not ship");
  EXPECT_EQ(back->params, r.params);
  EXPECT_EQ(back->metrics, r.metrics);
  EXPECT_EQ(back->history.size(), r.history.size());
  const auto listed = store.list();
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].runName, "baseline");
  EXPECT_EQ(listed[0].notes, "trained on the old labels\ndo not ship");
  EXPECT_FALSE(store.rename("0000000000000000000000000000dead", "x")) << "no such run";
  EXPECT_FALSE(store.setNotes("0000000000000000000000000000dead", "x"));
}

TEST(RunStore, ResolvesUniqueIdPrefixes) {
  TempDir dir;
  RunStore store(dir.path());
  auto a = sampleRun("a", "logreg", 0.7);
  a.id = "abc00000000000000000000000000000";
  auto b = sampleRun("b", "logreg", 0.7);
  b.id = "abd00000000000000000000000000000";
  store.save(a);
  store.save(b);
  EXPECT_EQ(store.resolveId("abc").value(), a.id);
  EXPECT_THROW(store.resolveId("ab"), InputError);
  EXPECT_FALSE(store.resolveId("ff"));
}

TEST(RunStore, TwoThreadsWithTheirOwnConnectionsWriteAtOnce) {
  TempDir dir;
  { RunStore init(dir.path()); }
  auto writer = [&](const std::string& family) {
    RunStore store(dir.path());
    for (int i = 0; i < 60; ++i) {
      auto r = sampleRun(family + std::to_string(i), family, 0.5 + i / 1000.0);
      store.save(r);
      store.appendHistory(r.id, {{"val_loss", 0.4, 3, nowMs()}});
    }
  };
  std::thread a(writer, "logreg"), b(writer, "fasttext");
  a.join();
  b.join();
  RunStore store(dir.path());
  EXPECT_EQ(store.list().size(), 120U);
  RunQuery q;
  q.family = "fasttext";
  EXPECT_EQ(store.list(q).size(), 60U);
}

TEST(RunStore, TwoProcessesWriteAtOnce) {
  TempDir dir;
  { RunStore init(dir.path()); }
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int code = 0;
    try {
      RunStore store(dir.path());
      for (int i = 0; i < 60; ++i)
        store.save(sampleRun("child" + std::to_string(i), "fasttext", 0.6));
    } catch (...) {
      code = 1;
    }
    ::_exit(code);
  }
  {
    RunStore store(dir.path());
    for (int i = 0; i < 60; ++i) store.save(sampleRun("parent" + std::to_string(i), "logreg", 0.6));
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  RunStore store(dir.path());
  EXPECT_EQ(store.list().size(), 120U);
}

TEST(RunStore, ARunLeftRunningByACrashedProcessBecomesFailedWithItsHistory) {
  TempDir dir;
  std::string crashedId;
  { RunStore init(dir.path()); }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    RunStore store(dir.path());
    RunRecord r;
    r.runName = "doomed";
    store.beginRun(r);
    store.appendHistory(r.id, {{"loss", 0.69, 1, nowMs()}, {"loss", 0.55, 2, nowMs()}});
    [[maybe_unused]] auto written = ::write(fds[1], r.id.data(), r.id.size());
    ::_exit(0);  // "crash": never finishes the run
  }
  ::close(fds[1]);
  char buffer[64] = {};
  const auto n = ::read(fds[0], buffer, sizeof buffer);
  ::close(fds[0]);
  ASSERT_EQ(n, 32);
  crashedId.assign(buffer, 32);
  ::waitpid(child, nullptr, 0);

  // A run of this very process and one of another machine must stay RUNNING.
  RunRecord mine, elsewhere;
  {
    RunStore store(dir.path());
    store.beginRun(mine);
    elsewhere.host = "some-other-host";
    elsewhere.pid = 999999;
    store.beginRun(elsewhere);
  }
  RunStore store(dir.path());
  const auto crashed = store.get(crashedId);
  ASSERT_TRUE(crashed);
  EXPECT_EQ(crashed->status, RunStatus::Failed);
  EXPECT_NE(crashed->error.find("pid " + std::to_string(child)), std::string::npos);
  EXPECT_EQ(crashed->history.size(), 2U);
  EXPECT_GT(crashed->endTimeMs, 0);
  EXPECT_EQ(store.get(mine.id)->status, RunStatus::Running);
  EXPECT_EQ(store.get(elsewhere.id)->status, RunStatus::Running);
}

TEST(RunStore, PushQueueIsDurableAndHonoursBackOff) {
  TempDir dir;
  std::string id;
  {
    RunStore store(dir.path());
    auto r = sampleRun("q", "logreg", 0.7);
    id = r.id;
    store.save(r);
    store.queuePush(id, "http://127.0.0.1:1");
    store.setPushProgress(id, {{"batch", true}});
    store.pushFailed(id, "connection refused", nowMs() + 60'000);
  }
  RunStore store(dir.path());  // a new process later
  ASSERT_EQ(store.pendingPushes().size(), 1U);
  const auto p = store.pendingPushes().front();
  EXPECT_EQ(p.attempts, 1);
  EXPECT_EQ(p.lastError, "connection refused");
  EXPECT_TRUE(p.progress.value("batch", false));
  EXPECT_TRUE(store.pendingPushes(nowMs()).empty());  // still in back-off
  EXPECT_TRUE(store.list().front().pushPending);
  store.pushSucceeded(id);
  EXPECT_TRUE(store.pendingPushes().empty());
}

}  // namespace
}  // namespace tweetlab::tracking
