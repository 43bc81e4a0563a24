#include "core/tracking/RunRecord.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <random>

#include "core/common/Errors.h"
#include "core/common/Numbers.h"
#include "core/common/Platform.h"

namespace tweetlab::tracking {

std::string toString(RunStatus status) {
  switch (status) {
    case RunStatus::Running:
      return "RUNNING";
    case RunStatus::Finished:
      return "FINISHED";
    case RunStatus::Failed:
      return "FAILED";
    case RunStatus::Killed:
      return "KILLED";
  }
  return "FAILED";
}

RunStatus runStatusFromString(const std::string& text) {
  if (text == "RUNNING") return RunStatus::Running;
  if (text == "FINISHED") return RunStatus::Finished;
  if (text == "FAILED") return RunStatus::Failed;
  if (text == "KILLED") return RunStatus::Killed;
  throw InputError("run status must be RUNNING, FINISHED, FAILED or KILLED, not '" + text + "'");
}

std::string RunRecord::modelFamily() const {
  auto it = tags.find(tag::kModelFamily);
  return it == tags.end() ? std::string() : it->second;
}

double RunRecord::metric(const std::string& key) const {
  auto it = metrics.find(key);
  return it == metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

namespace {

// JSON has no NaN/inf: they travel as the strings formatDouble writes ("nan", "inf", "-inf").
nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(formatDouble(v));
}

double numberFrom(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    if (auto v = parseDouble(j.get<std::string>())) return *v;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

nlohmann::json toJson(const RunRecord& r) {
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& [k, v] : r.metrics) metrics[k] = number(v);
  nlohmann::json history = nlohmann::json::array();
  for (const auto& p : r.history) {
    history.push_back({{"key", p.key},
                       {"value", number(p.value)},
                       {"step", p.step},
                       {"timestamp", p.timestampMs}});
  }
  nlohmann::json artifacts = nlohmann::json::array();
  for (const auto& a : r.artifacts)
    artifacts.push_back({{"path", a.path}, {"bytes", a.bytes}, {"sha256", a.sha256}});
  return {{"id", r.id},
          {"experiment", r.experiment},
          {"run_name", r.runName},
          {"spec", r.spec},
          {"status", toString(r.status)},
          {"start_time", r.startTimeMs},
          {"end_time", r.endTimeMs},
          {"params", r.params},
          {"metrics", metrics},
          {"history", history},
          {"tags", r.tags},
          {"artifacts", artifacts},
          {"error", r.error},
          {"notes", r.notes},
          {"pid", r.pid},
          {"host", r.host},
          {"mlflow_run_id", r.mlflowRunId},
          {"mlflow_experiment_id", r.mlflowExperimentId}};
}

RunRecord runRecordFromJson(const nlohmann::json& j) {
  RunRecord r;
  try {
    r.id = j.value("id", "");
    r.experiment = j.value("experiment", r.experiment);
    r.runName = j.value("run_name", "");
    r.spec = j.value("spec", nlohmann::json::object());
    r.status = runStatusFromString(j.value("status", "FAILED"));
    r.startTimeMs = j.value("start_time", std::int64_t{0});
    r.endTimeMs = j.value("end_time", std::int64_t{0});
    r.params = j.value("params", std::map<std::string, std::string>{});
    const auto metrics =
        j.value("metrics", nlohmann::json::object());  // items() must not outlive it
    for (const auto& [k, v] : metrics.items()) r.metrics[k] = numberFrom(v);
    for (const auto& p : j.value("history", nlohmann::json::array())) {
      r.history.push_back({p.at("key").get<std::string>(), numberFrom(p.at("value")),
                           p.value("step", std::int64_t{0}),
                           p.value("timestamp", std::int64_t{0})});
    }
    r.tags = j.value("tags", std::map<std::string, std::string>{});
    for (const auto& a : j.value("artifacts", nlohmann::json::array())) {
      r.artifacts.push_back({a.at("path").get<std::string>(), a.value("bytes", std::uint64_t{0}),
                             a.value("sha256", "")});
    }
    r.error = j.value("error", "");
    r.notes = j.value("notes", "");
    r.pid = j.value("pid", std::int64_t{0});
    r.host = j.value("host", "");
    r.mlflowRunId = j.value("mlflow_run_id", "");
    r.mlflowExperimentId = j.value("mlflow_experiment_id", "");
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(std::string("run record: ") + e.what());
  }
  return r;
}

std::string newRunId() {
  // Reseeded after fork(): a child must not repeat its parent's ids (the GUI and CLI share a
  // store).
  static thread_local std::mt19937_64 engine;
  static thread_local std::int64_t seededFor = 0;
  if (seededFor != platform::processId()) {
    seededFor = platform::processId();
    engine.seed(
        std::random_device{}() ^ static_cast<std::uint64_t>(seededFor) ^
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  }
  static const char* hex = "0123456789abcdef";
  std::string id(32, '0');
  for (auto& c : id) c = hex[engine() & 15U];
  return id;
}

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string tagValue(const RunRecord& record, const std::string& key) {
  const auto it = record.tags.find(key);
  return it == record.tags.end() ? std::string() : it->second;
}

}  // namespace tweetlab::tracking
