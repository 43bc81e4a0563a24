#include "core/tracking/MlflowPush.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "core/common/Platform.h"
#include "core/common/Version.h"

namespace tweetlab::tracking {
namespace fs = std::filesystem;

namespace {

std::string userName() {
  for (const char* name : {"MLFLOW_TRACKING_USER_ID", "USER", "LOGNAME"}) {
    if (const char* v = std::getenv(name); v && *v) return v;
  }
  return "tweetlab";
}

bool hasModel(const RunRecord& r) {
  for (const auto& a : r.artifacts) {
    if (a.path == "model/manifest.json") return true;
  }
  return false;
}

std::string sqlQuoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// log-batch, except that a param MLflow already holds with another value (logged while the run
// trained, before e.g. cross-validation chose C) is kept as it is and noted: MLflow refuses to
// change a param, and refusing the whole batch would leave the run queued for ever.
void logBatchKeepingLoggedParams(MlflowClient& client, const std::string& mlflowRunId,
                                 const std::vector<MetricPoint>& metrics,
                                 std::map<std::string, std::string> params,
                                 const std::map<std::string, std::string>& tags,
                                 std::vector<std::string>& notes) {
  try {
    client.logBatch(mlflowRunId, metrics, params, tags);
    return;
  } catch (const MlflowError& e) {
    if (e.httpStatus() != 400 ||
        std::string(e.what()).find("Changing param values is not allowed") == std::string::npos)
      throw;
  }
  for (const auto& [key, value] : client.getRun(mlflowRunId).params) {
    auto it = params.find(key);
    if (it == params.end()) continue;
    if (it->second != value)
      notes.push_back("MLflow keeps param " + key + " = " + value + " (the run used " + it->second +
                      "); MLflow params cannot change");
    params.erase(it);
  }
  client.logBatch(mlflowRunId, metrics, params, tags);
}

}  // namespace

std::int64_t retryDelayMs(int attempts) {
  std::int64_t delay = 30'000;
  for (int i = 0; i < attempts && delay < 3'600'000; ++i) delay *= 2;
  return std::min<std::int64_t>(delay, 3'600'000);
}

std::string mlmodelYaml(const RunRecord& r) {
  const std::time_t seconds =
      static_cast<std::time_t>((r.endTimeMs ? r.endTimeMs : r.startTimeMs) / 1000);
  const std::tm utc = platform::utcTime(seconds);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &utc);
  return "artifact_path: model\n"
         "flavors:\n"
         "  tweetlab:\n"
         "    bundle_manifest: manifest.json\n"
         "    family: " +
         r.modelFamily() +
         "\n"
         "    bundle_format_version: 1\n"
         "    tweetlab_version: " +
         std::string(kVersion) +
         "\n"
         "    loader: tweetlab-cli predict --bundle <this folder>\n"
         "model_uuid: " +
         r.id +
         "\n"
         "utc_time_created: '" +
         std::string(when) + ".000000'\n";
}

std::map<std::string, std::string> mlflowTags(const RunRecord& record, const PushOptions& options) {
  auto tags = record.tags;
  tags[tag::kLocalRunId] = record.id;
  tags["mlflow.runName"] = record.runName;
  tags["mlflow.user"] = userName();
  tags["mlflow.source.name"] = options.sourceName;
  tags["mlflow.source.type"] = "LOCAL";
  return tags;
}

std::string mlflowNote(const RunRecord& record) {
  if (record.error.empty()) return record.notes;
  return record.error + (record.notes.empty() ? "" : "\n" + record.notes);
}

MlflowRunRef ensureMlflowRun(RunStore& store, MlflowClient& client, const RunRecord& record,
                             const PushOptions& options) {
  MlflowRunRef out;
  out.experimentId = record.mlflowExperimentId;
  if (out.experimentId.empty()) out.experimentId = client.getOrCreateExperiment(record.experiment);
  out.runId = record.mlflowRunId;
  if (out.runId.empty()) {
    // An earlier attempt may have created the run and then lost the answer: look before creating.
    const auto found = client.searchRuns(
        {out.experimentId},
        "tags.`" + std::string(tag::kLocalRunId) + "` = " + sqlQuoted(record.id), 2);
    if (!found.runs.empty()) {
      out.runId = found.runs.front().info.runId;
      out.artifactUri = found.runs.front().info.artifactUri;
    } else {
      const std::map<std::string, std::string> tags{{tag::kLocalRunId, record.id},
                                                    {"mlflow.runName", record.runName},
                                                    {"mlflow.user", userName()},
                                                    {"mlflow.source.name", options.sourceName},
                                                    {"mlflow.source.type", "LOCAL"}};
      const auto info =
          client.createRun(out.experimentId, record.runName, record.startTimeMs, userName(), tags);
      out.runId = info.runId;
      out.artifactUri = info.artifactUri;
    }
    store.setMlflowIds(record.id, out.runId, out.experimentId);
  }
  return out;
}

PushOutcome pushRun(RunStore& store, MlflowClient& client, const std::string& runId,
                    const PushOptions& options) {
  auto record = store.get(runId);
  if (!record) throw InputError("no run " + runId + " in the store " + store.root().string());
  nlohmann::json progress = nlohmann::json::object();
  bool queued = false;
  for (const auto& p : store.pendingPushes()) {
    if (p.runId == runId) {
      progress = p.progress;
      queued = true;
    }
  }
  auto saveProgress = [&] {
    if (queued) store.setPushProgress(runId, progress);
  };

  PushOutcome out;
  const auto ref = ensureMlflowRun(store, client, *record, options);
  out.experimentId = ref.experimentId;
  out.mlflowRunId = ref.runId;
  std::string artifactUri = ref.artifactUri;
  if (artifactUri.empty()) artifactUri = client.getRun(out.mlflowRunId).info.artifactUri;

  if (!progress.value("batch", false)) {
    const std::int64_t at = record->endTimeMs ? record->endTimeMs : record->startTimeMs;
    std::vector<MetricPoint> metrics;
    for (const auto& [k, v] : record->metrics) metrics.push_back({k, v, 0, at});
    metrics.insert(metrics.end(), record->history.begin(), record->history.end());
    auto tags = mlflowTags(*record, options);
    if (const auto note = mlflowNote(*record); !note.empty()) tags["mlflow.note.content"] = note;
    logBatchKeepingLoggedParams(client, out.mlflowRunId, metrics, record->params, tags, out.notes);
    progress["batch"] = true;
    saveProgress();
  }

  const auto digest = record->tags.count(tag::kDatasetDigest) ? record->tags.at(tag::kDatasetDigest)
                                                              : std::string();
  if (!digest.empty() && !progress.value("inputs", false)) {
    MlflowDataset dataset;
    const auto path = record->tags.count("tweetlab.dataset_path")
                          ? record->tags.at("tweetlab.dataset_path")
                          : std::string();
    dataset.name = path.empty() ? "dataset" : fs::path(path).filename().string();
    dataset.digest = digest;
    dataset.source = nlohmann::json{{"uri", path}}.dump();
    dataset.profile = nlohmann::json{
        {"train_rows",
         record->params.count("data.train_rows") ? record->params.at("data.train_rows") : ""},
        {"sample", record->params.count("data.sample") ? record->params.at("data.sample") : ""},
        {"sha256",
         digest}}.dump();
    client.logInputs(out.mlflowRunId, {dataset});
    progress["inputs"] = true;
    saveProgress();
  }

  if (!progress.value("artifacts", false)) {
    try {
      for (const auto& a : record->artifacts) {
        client.uploadArtifact(artifactUri, a.path, store.artifactDir(runId) / fs::path(a.path));
      }
    } catch (const FormatError& e) {  // the server keeps artifacts where we cannot write
      out.notes.push_back(e.what());
      progress["artifacts_skipped"] = e.what();
    }
    progress["artifacts"] = true;
    saveProgress();
  }

  if (options.registerModel && hasModel(*record) && record->status == RunStatus::Finished &&
      !progress.contains("artifacts_skipped")) {
    if (progress.contains("model_version")) {
      out.modelVersion = progress["model_version"].get<std::string>();
    } else {
      const auto name = options.registeredModel.empty() ? "tweetlab-" + record->modelFamily()
                                                        : options.registeredModel;
      client.createRegisteredModel(name, "TweetLab " + record->modelFamily() + " sentiment models");
      // A lost answer to an earlier create would otherwise register the same run twice.
      const auto existing = client.searchModelVersions("name=" + sqlQuoted(name) +
                                                       " and run_id=" + sqlQuoted(out.mlflowRunId));
      if (!existing.empty()) {
        out.modelVersion = existing.front().version;
      } else {
        out.modelVersion =
            client.createModelVersion(name, artifactUri + "/model", out.mlflowRunId).version;
      }
      progress["model_version"] = out.modelVersion;
      progress["registered_model"] = name;
      saveProgress();
    }
  }

  if (record->status != RunStatus::Running)
    client.updateRun(out.mlflowRunId, record->status, record->endTimeMs);
  if (queued) store.pushSucceeded(runId);
  return out;
}

SyncReport syncPending(RunStore& store, MlflowClient& client, bool force,
                       const PushOptions& options) {
  SyncReport report;
  const auto now = nowMs();
  bool serverSilent = false;
  for (const auto& pending : store.pendingPushes()) {
    if (pending.target != client.config().trackingUri) continue;
    if (!force && pending.nextAttemptMs > now) {
      ++report.waiting;
      continue;
    }
    // A run still training is pushed live by its own process (LivePush) and finally by its
    // track(); pushing it from here too could race that process into a second MLflow run. A run
    // whose process died is no longer RUNNING: the store marks it FAILED when opened.
    if (const auto record = store.get(pending.runId);
        record && record->status == RunStatus::Running) {
      ++report.training;
      continue;
    }
    if (serverSilent) {
      ++report.notTried;
      continue;
    }
    try {
      pushRun(store, client, pending.runId, options);
      ++report.pushed;
    } catch (const std::exception& e) {
      ++report.failed;
      report.errors.push_back(pending.runId + ": " + e.what());
      store.pushFailed(pending.runId, e.what(), now + retryDelayMs(pending.attempts));
      // No answer at all (refused, unreachable, silent): the next runs would wait the same
      // timeout each, so the time a sync takes stays bounded by one of them.
      const auto* mlflow = dynamic_cast<const MlflowError*>(&e);
      serverSilent = mlflow != nullptr && mlflow->httpStatus() == 0;
    }
  }
  return report;
}

}  // namespace tweetlab::tracking
