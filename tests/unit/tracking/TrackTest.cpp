// track() end to end: a real logistic-regression run on a small sample of the bundled tweets goes
// to the local store with its PNG plots and model, then to the MLflow stand-in over loopback,
// including a server that is down (queued, pushed later, no duplicates).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QApplication>
#include <QImage>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "core/common/Version.h"
#include "core/tracking/RecordBuilder.h"
#include "core/tracking/Tracking.h"
#include "tests/support/MlflowTestServer.h"
#include "tests/support/SampleTweets.h"
#include "tests/support/TempDir.h"
#include "ui/charts/OffscreenPlotRenderer.h"

namespace tweetlab::tracking {
namespace {

using testing::MlflowTestServer;
using testing::TempDir;

class Track : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static QApplication* app = charts::ensureGuiApplication().release();  // lives for the whole run
    (void)app;
    spec_ = new experiment::ExperimentSpec;
    spec_->data.path = testing::samplePath();
    spec_->data.sample = 600;
    spec_->model.family = "logreg";
    spec_->model.params = {{"cv", 0}, {"C", 1.0}};
    spec_->threads = 1;
    const auto data = experiment::prepareData(spec_->data, train::silentObserver());
    result_ = new experiment::ExperimentResult(
        experiment::runExperiment(*spec_, data, train::silentObserver()));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete spec_;
  }

  TrackingOptions options(const TempDir& dir) {
    TrackingOptions o;
    o.storeRoot = dir.path() / "store";
    o.renderer = &renderer_;
    o.experiment = "tweetlab-test";
    o.push.sourceName = "tweetlab-test";
    return o;
  }
  static MlflowConfig mlflowAt(const MlflowTestServer& server) { return mlflowAt(server.uri()); }
  static MlflowConfig mlflowAt(const std::string& uri) {
    MlflowConfig c;
    c.trackingUri = uri;
    c.timeoutSeconds = 5;
    c.maxRetries = 0;
    return c;
  }

  static experiment::ExperimentSpec* spec_;
  static experiment::ExperimentResult* result_;
  charts::OffscreenPlotRenderer renderer_;
};

experiment::ExperimentSpec* Track::spec_ = nullptr;
experiment::ExperimentResult* Track::result_ = nullptr;

bool isPng(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  char magic[8] = {};
  in.read(magic, 8);
  return std::string(magic, 8) == std::string("\x89PNG\r\n\x1a\n", 8);
}

train::History threeEpochs() {
  train::History h;
  for (int e = 1; e <= 3; ++e) {
    train::HistoryRow row;
    row.epoch = e;
    row.loss = 0.7 / e;
    row.accuracy = 0.6 + 0.05 * e;
    row.valLoss = 0.75 / e;
    row.valAccuracy = 0.58 + 0.05 * e;
    row.seconds = 0.5;
    h.push_back(row);
  }
  return h;
}

TEST_F(Track, StoresAFinishedRunWithMetricsTagsPlotsAndModel) {
  TempDir dir;
  const auto out = track(TrackInput::finished(*result_), options(dir));
  EXPECT_EQ(out.status, RunStatus::Finished);
  EXPECT_FALSE(out.queued);
  RunStore store(dir.path() / "store");
  const auto run = store.get(out.runId);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->experiment, "tweetlab-test");
  EXPECT_EQ(run->runName, "logreg · none");
  EXPECT_EQ(run->spec["model"]["family"], "logreg");
  for (const char* m : {"accuracy", "roc_auc", "f1", "precision", "recall", "log_loss",
                        "fit_time_s", "predict_time_s", "predict_ms_per_tweet"}) {
    EXPECT_TRUE(run->metrics.count(m)) << m;
  }
  EXPECT_DOUBLE_EQ(run->metric("accuracy"), result_->validation.accuracy);
  EXPECT_GT(run->metric("roc_auc"), 0.6);
  EXPECT_EQ(run->params.at("model.family"), "logreg");
  EXPECT_EQ(run->params.at("data.sample"), "600");
  EXPECT_EQ(run->tags.at(tag::kModelFamily), "logreg");
  EXPECT_EQ(run->tags.at(tag::kPreprocessing), "none");
  EXPECT_EQ(run->tags.at(tag::kDatasetDigest), result_->datasetDigest);
  EXPECT_EQ(run->tags.at(tag::kCodeVersion), kVersion);
  EXPECT_EQ(run->tags.at(tag::kThreads), "1");
  EXPECT_TRUE(run->tags.count("tweetlab.lib.sqlite"));
  std::set<std::string> paths;
  for (const auto& a : run->artifacts) paths.insert(a.path);
  for (const char* p : {"spec.json", "plots/roc_curve.png", "plots/confusion_matrix.png",
                        "model/manifest.json", "model/MLmodel"}) {
    EXPECT_TRUE(paths.count(p)) << p;
  }
  EXPECT_FALSE(paths.count("plots/history.png"));  // logistic regression has no epochs
  for (const char* png : {"plots/roc_curve.png", "plots/confusion_matrix.png"}) {
    const auto file = out.artifactDir / png;
    EXPECT_TRUE(isPng(file)) << png;
    QImage image(QString::fromStdString(file.string()));
    EXPECT_EQ(image.size(), QSize(900, 600)) << png;
    // Not a blank page: the curve and the cells put colour on it.
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
      for (int x = 0; x < image.width(); x += 7) colours.insert(image.pixel(x, y));
    }
    EXPECT_GT(colours.size(), 10U) << png;
  }
  EXPECT_EQ(store.list().size(), 1U);
}

TEST_F(Track, AFailedRunKeepsItsHistoryAndDrawsIt) {
  TempDir dir;
  const auto out = track(TrackInput::failed(*spec_, "out of memory", threeEpochs()), options(dir));
  RunStore store(dir.path() / "store");
  const auto run = store.get(out.runId);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, RunStatus::Failed);
  EXPECT_EQ(run->error, "out of memory");
  EXPECT_EQ(run->history.size(), 12U);  // train_/val_ loss and accuracy x 3 epochs
  EXPECT_TRUE(isPng(out.artifactDir / "plots/history.png"));
  EXPECT_FALSE(std::filesystem::exists(out.artifactDir / "model"));
}

TEST_F(Track, WithoutARendererTheRunIsStoredWithoutPlots) {
  TempDir dir;
  auto o = options(dir);
  o.renderer = nullptr;
  const auto out = track(TrackInput::finished(*result_), o);
  RunStore store(dir.path() / "store");
  const auto run = store.get(out.runId);
  EXPECT_NE(run->notes.find("no plots"), std::string::npos);
  EXPECT_EQ(run->tags.at(tag::kPlots), "none");
  EXPECT_FALSE(std::filesystem::exists(out.artifactDir / "plots"));
  EXPECT_TRUE(std::filesystem::exists(out.artifactDir / "model/manifest.json"));
}

TEST_F(Track, RecorderStoresEpochsAsTheyEndAndACancelledRunIsKilled) {
  TempDir dir;
  RunRecorder recorder(*spec_, options(dir));
  for (const auto& row : threeEpochs()) recorder.epochEnded(row);
  {
    RunStore store(dir.path() / "store");
    const auto live = store.get(recorder.runId());
    EXPECT_EQ(live->status, RunStatus::Running);
    EXPECT_EQ(live->history.size(), 12U);
  }
  const auto out = recorder.cancel();
  RunStore store(dir.path() / "store");
  const auto run = store.get(out.runId);
  EXPECT_EQ(run->status, RunStatus::Killed);
  EXPECT_EQ(run->history.size(), 12U);
  EXPECT_EQ(store.list().size(), 1U);
}

TEST_F(Track, CanBeCalledFromAWorkerThreadWhileTheGuiThreadRuns) {
  TempDir dir;
  std::atomic<bool> done{false};
  TrackOutcome out;
  std::thread worker([&] {
    out = track(TrackInput::finished(*result_), options(dir));
    done = true;
  });
  while (!done) QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
  worker.join();
  EXPECT_TRUE(isPng(out.artifactDir / "plots/roc_curve.png"));
}

TEST_F(Track, PushesTheWholeRunToMlflow) {
  TempDir dir;
  MlflowTestServer server;
  auto o = options(dir);
  o.mlflow = mlflowAt(server);
  const auto out = track(TrackInput::finished(*result_), o);
  ASSERT_TRUE(out.pushed) << out.pushError;
  ASSERT_EQ(server.runs().size(), 1U);
  const auto run = server.runs().front();
  EXPECT_EQ(run.id, out.mlflowRunId);
  EXPECT_EQ(run.status, "FINISHED");
  EXPECT_GT(run.endTime, run.startTime);
  EXPECT_EQ(run.runName, "logreg · none");
  EXPECT_EQ(run.tags.at("mlflow.runName"), "logreg · none");
  EXPECT_EQ(run.tags.at("mlflow.source.name"), "tweetlab-test");
  EXPECT_TRUE(run.tags.count("mlflow.user"));
  EXPECT_EQ(run.tags.at(tag::kLocalRunId), out.runId);
  if (std::string(kGitCommit) != "unknown") {
    EXPECT_EQ(run.tags.at("mlflow.source.git.commit"), kGitCommit);
  }
  EXPECT_EQ(run.params.at("model.family"), "logreg");
  std::set<std::string> metricKeys;
  for (const auto& m : run.metrics) metricKeys.insert(m.key);
  for (const char* m : {"accuracy", "roc_auc", "f1", "precision", "recall", "log_loss",
                        "fit_time_s", "predict_time_s", "predict_ms_per_tweet"}) {
    EXPECT_TRUE(metricKeys.count(m)) << m;
  }
  ASSERT_EQ(run.inputs.size(), 1U);
  EXPECT_EQ(run.inputs[0]["dataset"]["digest"], result_->datasetDigest.substr(0, 36));
  const auto artifacts = server.artifacts();
  const auto prefix = run.experimentId + "/" + run.id + "/artifacts/";
  for (const char* p : {"spec.json", "plots/roc_curve.png", "plots/confusion_matrix.png",
                        "model/MLmodel", "model/manifest.json"}) {
    EXPECT_TRUE(artifacts.count(prefix + p)) << p;
  }
  std::ifstream png(out.artifactDir / "plots/roc_curve.png", std::ios::binary);
  EXPECT_EQ(artifacts.at(prefix + "plots/roc_curve.png"),
            std::string(std::istreambuf_iterator<char>(png), {}));
  const auto versions = server.modelVersions();
  ASSERT_EQ(versions.size(), 1U);
  EXPECT_EQ(versions[0]["name"], "tweetlab-logreg");
  EXPECT_EQ(versions[0]["source"], "mlflow-artifacts:/" + prefix + "model");
  EXPECT_EQ(out.modelVersion, "1");
  RunStore store(dir.path() / "store");
  EXPECT_EQ(store.get(out.runId)->mlflowRunId, run.id);
  EXPECT_TRUE(store.pendingPushes().empty());
}

TEST_F(Track, ServerDownQueuesThePushAndALaterSyncSendsItOnce) {
  TempDir dir;
  MlflowTestServer server;
  server.stop();
  auto o = options(dir);
  o.mlflow = mlflowAt(server);
  const auto out = track(TrackInput::finished(*result_), o);
  EXPECT_FALSE(out.pushed);
  EXPECT_TRUE(out.queued);
  RunStore store(dir.path() / "store");
  ASSERT_EQ(store.pendingPushes().size(), 1U);
  EXPECT_EQ(store.pendingPushes().front().attempts, 1);
  ASSERT_TRUE(store.get(out.runId));  // the run itself is safe locally

  server.start();
  MlflowClient client(*o.mlflow);
  EXPECT_EQ(syncPending(store, client).waiting, 1);  // still in back-off
  const auto report = syncPending(store, client, /*force=*/true);
  EXPECT_EQ(report.pushed, 1);
  EXPECT_TRUE(store.pendingPushes().empty());
  EXPECT_EQ(server.runs().size(), 1U);
  EXPECT_EQ(server.modelVersions().size(), 1U);
  EXPECT_EQ(syncPending(store, client, true).pushed, 0);  // nothing left, nothing duplicated
  EXPECT_EQ(server.runs().size(), 1U);
}

TEST_F(Track, APushInterruptedHalfWayResumesWithoutDuplicates) {
  TempDir dir;
  MlflowTestServer server;
  // Let experiment lookup/creation, the run search and runs/create through, then fail everything.
  server.failNext(1000, 502, 4);
  auto o = options(dir);
  o.mlflow = mlflowAt(server);
  const auto out = track(TrackInput::finished(*result_), o);
  ASSERT_TRUE(out.queued);
  ASSERT_EQ(server.runs().size(), 1U);  // created before the failures began
  server.failNext(0);
  RunStore store(dir.path() / "store");
  EXPECT_EQ(store.get(out.runId)->mlflowRunId, server.runs().front().id);  // remembered at once

  // Worst case: the answer to runs/create was lost, so the local id is unknown.
  store.setMlflowIds(out.runId, "", "");
  MlflowClient client(*o.mlflow);
  EXPECT_EQ(syncPending(store, client, true).pushed, 1);
  ASSERT_EQ(server.runs().size(), 1U);  // found again by its tweetlab.run_id tag
  EXPECT_EQ(server.runs().front().status, "FINISHED");
  EXPECT_EQ(server.modelVersions().size(), 1U);
  // A later track() to the same server pushes its own run and nothing twice.
  EXPECT_TRUE(track(TrackInput::finished(*result_), o).pushed);
  EXPECT_EQ(server.runs().size(), 2U);
  EXPECT_EQ(server.modelVersions().size(), 2U);
}

// Waits (up to a minute; the live sender works in the background) until `ready` holds.
template <typename Ready>
bool eventually(Ready ready) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!ready()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::map<std::string, std::vector<std::int64_t>> stepsByKey(const MlflowTestServer::Run& run) {
  std::map<std::string, std::vector<std::int64_t>> out;
  for (const auto& m : run.metrics) out[m.key].push_back(m.step);
  for (auto& [key, steps] : out) std::sort(steps.begin(), steps.end());
  return out;
}

// Makes the suite's result look like a deep run's for one test: epochs whose training accuracy
// is far from the validation accuracy. (Results are move-only; the suite trains one.)
class WithEpochs {
 public:
  explicit WithEpochs(experiment::ExperimentResult& result)
      : result_(result), saved_(result.history) {
    result.history = threeEpochs();
    for (auto& row : result.history) row.accuracy = 0.97 + 0.01 * row.epoch;
  }
  ~WithEpochs() { result_.history = saved_; }
  WithEpochs(const WithEpochs&) = delete;
  WithEpochs& operator=(const WithEpochs&) = delete;

 private:
  experiment::ExperimentResult& result_;
  train::History saved_;
};

TEST_F(Track, MlflowShowsTheFinalValidationAccuracyAndTheEpochsUnderTrainAndValKeys) {
  TempDir dir;
  MlflowTestServer server;
  auto o = options(dir);
  o.mlflow = mlflowAt(server);
  const WithEpochs deep(*result_);
  const auto& result = *result_;
  const auto out = track(TrackInput::finished(result), o);
  ASSERT_TRUE(out.pushed) << out.pushError;
  MlflowClient client(*o.mlflow);
  const auto shown = client.getRun(out.mlflowRunId);  // what the MLflow UI and search_runs show
  EXPECT_DOUBLE_EQ(shown.metrics.at("accuracy"), result.validation.accuracy);
  EXPECT_DOUBLE_EQ(shown.metrics.at("roc_auc"), result.validation.rocAuc);
  EXPECT_DOUBLE_EQ(shown.metrics.at("train_accuracy"), 1.0);  // the last epoch's
  EXPECT_EQ(client.metricHistory(out.mlflowRunId, "accuracy").size(), 1U);
  const auto steps = stepsByKey(server.runs().front());
  for (const char* key : {"train_loss", "train_accuracy", "val_loss", "val_accuracy"})
    EXPECT_EQ(steps.at(key), (std::vector<std::int64_t>{1, 2, 3})) << key;
  EXPECT_EQ(steps.at("accuracy"), (std::vector<std::int64_t>{0}));
  EXPECT_FALSE(steps.count("loss"));
  // The local store says the same: the final accuracy and the same per-epoch keys.
  RunStore store(dir.path() / "store");
  const auto local = store.get(out.runId);
  EXPECT_DOUBLE_EQ(local->metric("accuracy"), shown.metrics.at("accuracy"));
  std::set<std::string> keys;
  for (const auto& p : local->history) keys.insert(p.key);
  EXPECT_EQ(keys,
            (std::set<std::string>{"train_loss", "train_accuracy", "val_loss", "val_accuracy"}));
}

TEST_F(Track, TheEmbeddingTagNamesTheEmbeddingADeepModelUses) {
  for (const auto& [family, params, expected] :
       std::vector<std::tuple<std::string, nlohmann::json, std::string>>{
           {"bilstm", nlohmann::json::object(), "word2vec"},
           {"cnn", {{"dim", 16}}, "word2vec"},
           {"cnn", {{"embedding", "fasttext:skipgram"}}, "fasttext"},
           {"bilstm", {{"embedding", "random"}}, "random"},
           {"logreg", nlohmann::json::object(), "none"}}) {
    auto spec = *spec_;
    spec.model.family = family;
    spec.model.params = params;
    RunRecord record;  // what RunRecorder and track() tag a run with before it trains
    describeSpec(record, spec);
    EXPECT_EQ(record.tags.at(tag::kEmbedding), expected) << family << " " << params.dump();
  }
}

TEST_F(Track, ARecordedRunIsRunningInMlflowFromTheStartWithEachEpochAsItEnds) {
  TempDir dir;
  MlflowTestServer server;
  auto o = options(dir);
  o.mlflow = mlflowAt(server);
  const WithEpochs deep(*result_);
  const auto& result = *result_;
  RunRecorder recorder(*spec_, o);
  // Created, then its tags and settled params in one log-batch.
  ASSERT_TRUE(eventually([&] {
    const auto runs = server.runs();
    return runs.size() == 1 && runs.front().params.count("model.family") == 1;
  }));
  auto live = server.runs().front();
  EXPECT_EQ(live.status, "RUNNING");
  EXPECT_EQ(live.endTime, 0);
  EXPECT_EQ(live.tags.at(tag::kLocalRunId), recorder.runId());
  EXPECT_EQ(live.tags.at(tag::kModelFamily), "logreg");
  EXPECT_EQ(live.params.at("model.family"), "logreg");
  // Hyper-parameters may still change (cross-validation picks C); MLflow params cannot.
  EXPECT_FALSE(live.params.count("model.params.C"));

  for (std::size_t i = 0; i < 2; ++i) {
    recorder.epochEnded(result.history[i]);
    ASSERT_TRUE(eventually(
        [&] { return stepsByKey(server.runs().front())["val_accuracy"].size() == i + 1; }));
    EXPECT_EQ(server.runs().front().status, "RUNNING");
  }
  recorder.epochEnded(result.history[2]);
  const auto out = recorder.finish(result);
  ASSERT_TRUE(out.pushed) << out.pushError;
  ASSERT_EQ(server.runs().size(), 1U);  // the live run, finished: not a second one
  const auto run = server.runs().front();
  EXPECT_EQ(run.id, out.mlflowRunId);
  EXPECT_EQ(run.status, "FINISHED");
  EXPECT_GT(run.endTime, run.startTime);
  EXPECT_TRUE(run.params.count("model.params.C"));  // sent with the final push
  // Each epoch once: the final push re-sends the points with the timestamps they went with.
  const auto steps = stepsByKey(run);
  for (const char* key : {"train_loss", "train_accuracy", "val_loss", "val_accuracy"})
    EXPECT_EQ(steps.at(key), (std::vector<std::int64_t>{1, 2, 3})) << key;
  MlflowClient client(*o.mlflow);
  EXPECT_DOUBLE_EQ(client.getRun(run.id).metrics.at("accuracy"), result.validation.accuracy);
  RunStore store(dir.path() / "store");
  EXPECT_TRUE(store.pendingPushes().empty());
}

TEST_F(Track, ALiveRunWhoseServerIsDownTrainsOnAndIsPushedOnceLater) {
  TempDir dir;
  MlflowTestServer server;
  server.stop();
  auto o = options(dir);
  o.mlflow = mlflowAt(server);
  const WithEpochs deep(*result_);
  const auto& result = *result_;
  RunRecorder recorder(*spec_, o);
  for (const auto& row : result.history) recorder.epochEnded(row);
  const auto out = recorder.finish(result);
  EXPECT_FALSE(out.pushed);
  EXPECT_TRUE(out.queued);
  server.start();
  RunStore store(dir.path() / "store");
  MlflowClient client(*o.mlflow);
  EXPECT_EQ(syncPending(store, client, true).pushed, 1);
  EXPECT_EQ(syncPending(store, client, true).pushed, 0);
  ASSERT_EQ(server.runs().size(), 1U);
  const auto run = server.runs().front();
  EXPECT_EQ(run.status, "FINISHED");
  EXPECT_EQ(stepsByKey(run).at("val_loss"), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_F(Track, ARunWhoseProcessIsKilledEndsFailedInMlflowWithItsEpochsAfterTheNextSync) {
  TempDir dir;
  auto o = options(dir);
  o.renderer = nullptr;  // the child draws nothing: Qt is not for forked children
  const auto rows = threeEpochs();
  // Fork before the server's threads exist: a fork copies the locks other threads hold at that
  // moment, and a server thread still starting up (allocating) left ASan's allocator lock taken
  // in the child, which then waited on it forever. The child learns the server's address from a
  // pipe once the parent has started it.
  int toChild[2];
  ASSERT_EQ(::pipe(toChild), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(toChild[1]);
    std::string uri;
    char chunk[64];
    for (ssize_t n; (n = ::read(toChild[0], chunk, sizeof chunk)) > 0;) uri.append(chunk, n);
    o.mlflow = mlflowAt(uri);
    RunRecorder recorder(*spec_, o);
    recorder.epochEnded(rows[0]);
    recorder.epochEnded(rows[1]);
    ::pause();  // killed here, mid-training
    ::_exit(0);
  }
  ASSERT_GT(child, 0);
  ::close(toChild[0]);
  MlflowTestServer server;
  o.mlflow = mlflowAt(server);
  const auto uri = server.uri();
  EXPECT_EQ(::write(toChild[1], uri.data(), uri.size()), static_cast<ssize_t>(uri.size()));
  ::close(toChild[1]);  // end of file: the child has the whole address
  const bool live = eventually([&] {
    const auto runs = server.runs();
    return runs.size() == 1 && stepsByKey(runs.front())["val_loss"].size() == 2;
  });
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_TRUE(live);
  EXPECT_EQ(server.runs().front().status, "RUNNING");

  RunStore store(dir.path() / "store");  // finds the dead process's run: FAILED, still queued
  MlflowClient client(*o.mlflow);
  EXPECT_EQ(syncPending(store, client, true).pushed, 1);
  ASSERT_EQ(server.runs().size(), 1U);
  const auto run = server.runs().front();
  EXPECT_EQ(run.status, "FAILED");
  EXPECT_GT(run.endTime, 0);
  EXPECT_EQ(stepsByKey(run).at("val_loss"), (std::vector<std::int64_t>{1, 2}));
}

TEST_F(Track, ASyncLeavesARunThatIsStillTrainingToItsOwnProcess) {
  TempDir dir;
  MlflowTestServer server;
  server.stop();  // the live start fails: only the queue knows the run
  auto o = options(dir);
  o.mlflow = mlflowAt(server);
  const WithEpochs deep(*result_);
  RunRecorder recorder(*spec_, o);
  server.start();
  RunStore store(dir.path() / "store");
  MlflowClient client(*o.mlflow);
  const auto report = syncPending(store, client, true);
  EXPECT_EQ(report.pushed, 0);
  EXPECT_EQ(report.training, 1);
  const auto out = recorder.finish(*result_);
  EXPECT_TRUE(out.pushed) << out.pushError;
  EXPECT_EQ(server.runs().size(), 1U);
}

}  // namespace
}  // namespace tweetlab::tracking
