// The CLI side of tracking, as a user runs it: `train --tracking-uri` records the run locally and
// pushes it to MLflow (here the contract-enforcing stand-in on loopback); with the server down the
// push is queued and `sync` sends it later, once; `runs` lists, shows and deletes; a deep run's
// registered model is served by tweetlab-serve straight from the registry.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include "core/tracking/RunStore.h"
#include "tests/support/MlflowTestServer.h"
#include "tests/support/TempDir.h"

extern char** environ;

namespace tweetlab::tracking {
namespace {

struct Output {
  int code;
  std::string text;
};

// Runs tweetlab-cli with a clean MLflow environment; stdout and stderr together. Without
// XDG_RUNTIME_DIR, as under cron, ssh without a login session or a container: the CLI needs none.
Output cli(const std::string& arguments) {
  const std::string command =
      "env -u MLFLOW_TRACKING_URI -u XDG_RUNTIME_DIR "
      "QT_QPA_PLATFORM=offscreen " +
      std::string(TWEETLAB_CLI) + " " + arguments + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::string text;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    text.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

const std::string kTrain =
    "train --data sample --sample 600 --model logreg --cv 0 --quiet --threads 1";

TEST(CliTracking, TrainRecordsTheRunAndPushesItToMlflow) {
  testing::TempDir dir;
  testing::MlflowTestServer server;
  const auto out = cli(kTrain + " --store " + dir.path().string() + " --tracking-uri " +
                       server.uri() + " --experiment cli-test --json");
  ASSERT_EQ(out.code, 0) << out.text;
  const auto json = nlohmann::json::parse(out.text.substr(out.text.find('{')));
  EXPECT_TRUE(json["tracking"]["pushed"].get<bool>()) << out.text;
  ASSERT_EQ(server.runs().size(), 1U);
  const auto run = server.runs().front();
  EXPECT_EQ(run.status, "FINISHED");
  EXPECT_EQ(run.tags.at("mlflow.source.name"), "tweetlab-cli");
  EXPECT_EQ(run.tags.count("tweetlab.split.warnings"), 0U);  // 90 validation rows: enough
  EXPECT_EQ(json["tracking"]["mlflow_run_id"], run.id);
  EXPECT_EQ(server.modelVersions().size(), 1U);
  EXPECT_TRUE(
      server.artifacts().count(run.experimentId + "/" + run.id + "/artifacts/plots/roc_curve.png"));

  const auto remote = cli("runs remote --experiment cli-test --tracking-uri " + server.uri());
  EXPECT_NE(remote.text.find(run.id), std::string::npos) << remote.text;

  const auto listed = cli("runs list --json --store " + dir.path().string());
  ASSERT_EQ(listed.code, 0) << listed.text;
  const auto runs = nlohmann::json::parse(listed.text.substr(listed.text.find('[')));
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0]["mlflow_run_id"], run.id);
  const std::string id = runs[0]["id"];
  const auto shown = cli("runs show " + id.substr(0, 6) + " --store " + dir.path().string());
  EXPECT_NE(shown.text.find("plots/roc_curve.png"), std::string::npos) << shown.text;
  EXPECT_EQ(cli("runs delete " + id + " --store " + dir.path().string()).code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "artifacts" / id));
}

// A 100-tweet sample leaves 15 validation and 15 test tweets: their scores are printed with the
// warning and the run carries it to MLflow, so nobody ranks models by such a number unwarned.
TEST(CliTracking, ScoresOfASplitPartWithTooFewRowsAreFlaggedInTheOutputAndInMlflow) {
  testing::TempDir dir;
  testing::MlflowTestServer server;
  const auto out =
      cli("train --data sample --sample 100 --model logreg --cv 0 --threads 1 "
          "--store " +
          dir.path().string() + " --tracking-uri " + server.uri());
  ASSERT_EQ(out.code, 0) << out.text;
  EXPECT_NE(out.text.find("too few rows to trust: only 1"), std::string::npos) << out.text;
  const auto runs = server.runs();  // a copy: the server's list is guarded by its lock
  ASSERT_EQ(runs.size(), 1U);
  const auto& tags = runs.front().tags;
  ASSERT_EQ(tags.count("tweetlab.split.warnings"), 1U) << out.text;
  EXPECT_NE(tags.at("tweetlab.split.warnings").find("validation: only 1"), std::string::npos)
      << tags.at("tweetlab.split.warnings");
  EXPECT_NE(tags.at("tweetlab.split.warnings").find("test: only 1"), std::string::npos)
      << tags.at("tweetlab.split.warnings");

  // `runs compare` marks the same scores and says why in the words `train` used.
  const std::string store = " --store " + dir.path().string();
  ASSERT_EQ(cli(kTrain + store).code, 0);  // 90 validation rows: nothing to flag
  const auto listed = cli("runs list --json" + store).text;
  const auto all = nlohmann::json::parse(listed.substr(listed.find('[')));
  ASSERT_EQ(all.size(), 2U);
  const std::string big = all[0]["id"], small = all[1]["id"];  // newest first
  const auto compared = cli("runs compare " + big + " " + small + store);
  ASSERT_EQ(compared.code, 0) << compared.text;
  const std::regex flaggedAccuracy(R"(\naccuracy +\d\.\d{4} +\d\.\d{4} \*)");
  EXPECT_TRUE(std::regex_search(compared.text, flaggedAccuracy)) << compared.text;
  EXPECT_NE(
      compared.text.find("* " + small.substr(0, 8) + " validation too few rows to trust: only 1"),
      std::string::npos)
      << compared.text;
  EXPECT_NE(compared.text.find("* " + small.substr(0, 8) + " test too few rows to trust: only 1"),
            std::string::npos)
      << compared.text;
  EXPECT_EQ(compared.text.find("* " + big.substr(0, 8)), std::string::npos) << compared.text;
  EXPECT_EQ(std::count(compared.text.begin(), compared.text.end(), '*'), 6 + 4 + 2)
      << "validation: accuracy, roc_auc, f1, precision, recall, log_loss; test: 4 of them; "
      << "2 lines under the table\n"
      << compared.text;
}

// `runs rename` and `runs note` reach the pushed run in MLflow; the local store keeps them even
// when MLflow cannot take them (exit code 1 and the reason).
TEST(CliTracking, RunsRenameAndNoteReachMlflow) {
  testing::TempDir dir;
  testing::MlflowTestServer server;
  const std::string store = " --store " + dir.path().string();
  const std::string mlflow = " --tracking-uri " + server.uri();
  ASSERT_EQ(cli(kTrain + store + mlflow).code, 0);
  const auto listed = cli("runs list --json" + store).text;
  const std::string id = nlohmann::json::parse(listed.substr(listed.find('[')))[0]["id"];

  const auto renamed = cli("runs rename " + id.substr(0, 8) + " baseline" + store + mlflow);
  ASSERT_EQ(renamed.code, 0) << renamed.text;
  EXPECT_NE(renamed.text.find("in MLflow too"), std::string::npos) << renamed.text;
  ASSERT_EQ(cli("runs note " + id + " 'labels were noisy'" + store + mlflow).code, 0);
  const auto run = server.runs().front();
  EXPECT_EQ(run.runName, "baseline");
  EXPECT_EQ(run.tags.at("mlflow.runName"), "baseline");
  EXPECT_EQ(run.tags.at("mlflow.note.content"), "labels were noisy");

  server.stop();
  const auto down = cli("runs rename " + id + " kept" + store + mlflow);
  EXPECT_EQ(down.code, 1) << down.text;
  EXPECT_NE(down.text.find("MLflow was not updated"), std::string::npos) << down.text;
  EXPECT_EQ(RunStore(dir.path()).get(id)->runName, "kept");
}

// `runs list` and `runs remote` filter alike (core/tracking/RunQuery), and `runs report` writes
// one HTML file comparing runs, plots included, without a display.
TEST(CliTracking, RunsAreFilteredLocallyAndRemotelyAndReportedAsHtml) {
  testing::TempDir dir;
  testing::MlflowTestServer server;
  const std::string store = " --store " + dir.path().string();
  const std::string mlflow = " --tracking-uri " + server.uri() + " --experiment cli-test";
  ASSERT_EQ(cli(kTrain + " --preprocess stem --C 0.5" + store + mlflow).code, 0);
  ASSERT_EQ(cli(kTrain + " --preprocess none --C 2" + store + mlflow).code, 0);

  const auto local = cli("runs list --json --tag tweetlab.preprocessing=stem" + store);
  ASSERT_EQ(local.code, 0) << local.text;
  const auto stemmed = nlohmann::json::parse(local.text.substr(local.text.find('[')));
  ASSERT_EQ(stemmed.size(), 1U) << local.text;
  EXPECT_EQ(stemmed[0]["preprocessing"], "stem");

  const auto remote = cli("runs remote --json --text STEM" + mlflow);
  ASSERT_EQ(remote.code, 0) << remote.text;
  const auto remoteStemmed = nlohmann::json::parse(remote.text.substr(remote.text.find('[')));
  ASSERT_EQ(remoteStemmed.size(), 1U) << remote.text;
  EXPECT_EQ(remoteStemmed[0]["id"], stemmed[0]["mlflow_run_id"]);
  const auto sorted = cli("runs remote --sort run_name --asc" + mlflow);
  EXPECT_LT(sorted.text.find("logreg · none"), sorted.text.find("logreg · stem")) << sorted.text;

  const auto listed = cli("runs list --json" + store).text;
  const auto all = nlohmann::json::parse(listed.substr(listed.find('[')));
  ASSERT_EQ(all.size(), 2U);
  const auto html = dir.path() / "runs.html";
  const std::string first = all[0]["id"], second = all[1]["id"];
  const auto report =
      cli("runs report " + first.substr(0, 8) + " " + second + " --out " + html.string() + store);
  ASSERT_EQ(report.code, 0) << report.text;
  std::ifstream in(html);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t images = 0;
  for (auto at = text.find("data:image/png;base64,"); at != std::string::npos;
       at = text.find("data:image/png;base64,", at + 1))
    ++images;
  EXPECT_EQ(images, 3U) << "ROC curves, validation curves, metric bars";
  EXPECT_NE(text.find("model.params.C"), std::string::npos) << "the parameter that differs";
  EXPECT_NE(cli("runs report " + first + store).code, 0) << "--out is required";
}

TEST(CliTracking, ServerDownQueuesAndSyncPushesOnce) {
  testing::TempDir dir;
  testing::MlflowTestServer server;
  server.stop();
  const auto train =
      cli(kTrain + " --store " + dir.path().string() + " --tracking-uri " + server.uri());
  ASSERT_EQ(train.code, 0) << train.text;  // the run is safe locally; the push waits
  EXPECT_NE(train.text.find("push queued"), std::string::npos) << train.text;
  EXPECT_EQ(cli("sync --store " + dir.path().string()).code, 1);  // still down
  server.start();
  const auto sync = cli("sync --store " + dir.path().string());
  EXPECT_EQ(sync.code, 0) << sync.text;
  EXPECT_NE(sync.text.find("1 run(s) pushed"), std::string::npos) << sync.text;
  EXPECT_EQ(cli("sync --store " + dir.path().string()).code, 0);
  EXPECT_EQ(server.runs().size(), 1U);
  EXPECT_EQ(server.modelVersions().size(), 1U);
}

// A deep run as a user trains it: bilstm with the default embedding, two epochs, pushed to the
// MLflow stand-in (which shows each key's highest step, as MLflow does). Trained once for the
// suite: CPU is what these tests cost.
class DeepRunInMlflow : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    server_ = new testing::MlflowTestServer;
    train_ = new Output(
        cli("train --data sample --sample 400 --model bilstm --epochs 2 --dim 16 --hidden 8 "
            "--max-length 20 --batch-size 32 --param embedding_epochs=1 --param min_count=1 "
            "--threads 1 --quiet --experiment deep --store " +
            store() + " --tracking-uri " + server_->uri()));
  }
  static void TearDownTestSuite() {
    delete train_;
    delete server_;
    delete dir_;
  }
  static std::string store() { return dir_->path().string(); }
  static nlohmann::json json(const Output& out, char open) {
    return nlohmann::json::parse(out.text.substr(out.text.find(open)));
  }

  static testing::TempDir* dir_;
  static testing::MlflowTestServer* server_;
  static Output* train_;
};
testing::TempDir* DeepRunInMlflow::dir_ = nullptr;
testing::MlflowTestServer* DeepRunInMlflow::server_ = nullptr;
Output* DeepRunInMlflow::train_ = nullptr;

TEST_F(DeepRunInMlflow, MlflowShowsTheValidationAccuracyAndEpochsUnderTheirOwnKeys) {
  ASSERT_EQ(train_->code, 0) << train_->text;
  const auto local = json(cli("runs list --json --store " + store()), '[');
  ASSERT_EQ(local.size(), 1U);
  const auto remote =
      json(cli("runs remote --json --experiment deep --tracking-uri " + server_->uri()), '[');
  ASSERT_EQ(remote.size(), 1U);
  // What `runs remote`, runs/get and the MLflow UI show is the run's validation accuracy, the
  // number the local store and the Runs page show, not the last epoch's training accuracy.
  EXPECT_EQ(remote[0]["metrics"]["accuracy"], local[0]["metrics"]["accuracy"]) << remote.dump(1);
  EXPECT_EQ(remote[0]["metrics"]["roc_auc"], local[0]["metrics"]["roc_auc"]);

  std::map<std::string, std::set<std::int64_t>> steps;
  const auto runs = server_->runs();
  for (const auto& m : runs.front().metrics) steps[m.key].insert(m.step);
  for (const char* key : {"train_loss", "train_accuracy", "val_loss", "val_accuracy"})
    EXPECT_EQ(steps[key], (std::set<std::int64_t>{1, 2})) << key;
  for (const char* key : {"accuracy", "roc_auc", "f1", "log_loss"})
    EXPECT_EQ(steps[key], (std::set<std::int64_t>{0})) << key;
  EXPECT_FALSE(steps.count("loss"));
}

TEST_F(DeepRunInMlflow, TheEmbeddingTagNamesTheDefaultEmbeddingAndRunsShowAlignsItsColumns) {
  ASSERT_EQ(train_->code, 0) << train_->text;
  EXPECT_EQ(server_->runs().front().tags.at("tweetlab.embedding"), "word2vec");
  const auto local = json(cli("runs list --json --store " + store()), '[');
  const std::string id = local[0]["id"];
  const auto shown = cli("runs show " + id.substr(0, 8) + " --store " + store());
  ASSERT_EQ(shown.code, 0) << shown.text;
  const auto accuracy = local[0]["metrics"]["accuracy"].get<double>();
  char value[32];
  std::snprintf(value, sizeof value, "%.4f", accuracy);
  // Keys and values in two columns: "  accuracy   0.6500", never "accuracy0.6500".
  EXPECT_TRUE(
      std::regex_search(shown.text, std::regex("\n  accuracy {2,}" + std::string(value) + "\n")))
      << shown.text;
  EXPECT_TRUE(std::regex_search(shown.text, std::regex("\n  tweetlab\\.embedding {2,}word2vec\n")))
      << shown.text;
  EXPECT_TRUE(std::regex_search(shown.text, std::regex("\n  train_accuracy {2,}step 2 ")))
      << shown.text;
}

TEST_F(DeepRunInMlflow, NoCommandPrintsQtsRuntimeDirectoryWarning) {
  // train draws its plots with Qt (the offscreen platform), which looks for a runtime directory.
  EXPECT_EQ(train_->text.find("XDG_RUNTIME_DIR"), std::string::npos) << train_->text;
  for (const std::string& command : std::vector<std::string>{
           "runs list --store " + store(), "sync --store " + store(), "--version",
           "train --data sample --sample 300 --model logreg --cv 0 --quiet --threads 1 --store " +
               store() + "/other"}) {
    const auto out = cli(command);
    EXPECT_EQ(out.code, 0) << command << "\n" << out.text;
    EXPECT_EQ(out.text.find("XDG_RUNTIME_DIR"), std::string::npos) << command << "\n" << out.text;
  }
}

// tweetlab-serve as a process; its log (stdout and stderr) goes to a file.
class Serve {
 public:
  Serve(const std::vector<std::string>& args, const std::filesystem::path& log) : log_(log) {
    std::vector<std::string> strings{TWEETLAB_SERVE};
    strings.insert(strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Serve() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  // The port from the "listening" line once "model loaded" is logged; 0 when the process ends
  // (or 60 s pass) first.
  int portOnceLoaded() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      int port = 0;
      bool loaded = false;
      std::ifstream in(log_);
      for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object()) continue;
        if (j.value("msg", "") == "listening") port = j.value("port", 0);
        if (j.value("msg", "") == "model loaded") loaded = true;
      }
      if (port && loaded) return port;
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }
  std::string log() const {
    std::ifstream in(log_);
    return {std::istreambuf_iterator<char>(in), {}};
  }

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
};

TEST_F(DeepRunInMlflow, TweetlabServeServesTheRegisteredBilstmFromTheRegistry) {
  ASSERT_EQ(train_->code, 0) << train_->text;
  ASSERT_EQ(server_->modelVersions().size(), 1U);
  EXPECT_EQ(server_->modelVersions()[0]["name"], "tweetlab-bilstm");
  // The bundle has names longer than the short-string buffer (embeddings.vec.gz, vocabulary.txt).
  bool longName = false;
  for (const auto& [path, bytes] : server_->artifacts())
    longName = longName || path.find("/model/embeddings.vec.gz") != std::string::npos;
  EXPECT_TRUE(longName);

  Serve serve(
      {"--model", "models:/tweetlab-bilstm/1", "--mlflow-uri", server_->uri(), "--port", "0",
       "--model-cache", store() + "/cache", "--feedback-log", store() + "/feedback.jsonl"},
      dir_->path() / "serve.log");
  const int port = serve.portOnceLoaded();
  ASSERT_NE(port, 0) << serve.log();
  httplib::Client client("127.0.0.1", port);
  const auto res = client.Post("/predict", R"({"text":"what a lovely day"})", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto answer = nlohmann::json::parse(res->body);
  EXPECT_EQ(answer["model"]["name"], "tweetlab-bilstm");
  EXPECT_EQ(answer["model"]["version"], "1");
  // Byte for byte what was trained: the downloaded embedding file is the run's artifact.
  const auto local = json(cli("runs list --json --store " + store()), '[');
  const std::string id = local[0]["id"];
  // The bundle sits in model/model/ of the run's artifacts (model/ holds MLmodel and the
  // manifest), which is what the registry version points at.
  std::ifstream original(dir_->path() / "artifacts" / id / "model" / "model" / "embeddings.vec.gz",
                         std::ios::binary);
  std::ifstream downloaded(
      dir_->path() / "cache" / "tweetlab-bilstm-v1" / "model" / "embeddings.vec.gz",
      std::ios::binary);
  ASSERT_TRUE(original && downloaded);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(original), {}),
            std::string(std::istreambuf_iterator<char>(downloaded), {}));
}

TEST(CliTracking, NoTrackLeavesTheStoreAlone) {
  testing::TempDir dir;
  ASSERT_EQ(cli(kTrain + " --no-track --store " + dir.path().string()).code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "runs.db"));
}

TEST(CliTracking, AMissingBertCheckpointIsReportedBeforeAnythingIsTrainedOrRecorded) {
  testing::TempDir dir;
  for (const std::string command :
       {"compare --models logreg,bert", "train --data sample --model bert"}) {
    const auto out = cli(command + " --sample 600 --store " + dir.path().string());
    EXPECT_EQ(out.code, 1) << out.text;
    EXPECT_NE(out.text.find("--bert DIR"), std::string::npos) << out.text;
    EXPECT_EQ(out.text.find("rows read"), std::string::npos)
        << "the data was loaded first: " << out.text;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "runs.db"));  // no run, not even a FAILED one
  }
}

}  // namespace
}  // namespace tweetlab::tracking
