#include "core/tracking/RunStore.h"

#include <cctype>
#include <cstdlib>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Platform.h"
#include "core/common/StagingDirectory.h"
#include "core/tracking/Sqlite.h"

namespace tweetlab::tracking {
namespace fs = std::filesystem;

namespace {

// Each entry moves the schema from version i to i+1. Never edit a shipped step: add one.
const char* const kMigrations[] = {
    // 0 -> 1: runs with their params, final metrics, stepped history, tags and artifacts.
    R"sql(
    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      experiment TEXT NOT NULL,
      run_name TEXT NOT NULL,
      spec TEXT NOT NULL,
      status TEXT NOT NULL,
      start_time INTEGER NOT NULL,
      end_time INTEGER NOT NULL DEFAULT 0,
      model_family TEXT NOT NULL DEFAULT '',
      preprocessing TEXT NOT NULL DEFAULT '',
      error TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      pid INTEGER NOT NULL DEFAULT 0,
      host TEXT NOT NULL DEFAULT '');
    CREATE INDEX runs_by_start ON runs(start_time);
    CREATE TABLE params (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
    CREATE TABLE metrics (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      key TEXT NOT NULL, value REAL, PRIMARY KEY (run_id, key));
    CREATE TABLE history (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      key TEXT NOT NULL, step INTEGER NOT NULL, value REAL, timestamp INTEGER NOT NULL,
      PRIMARY KEY (run_id, key, step));
    CREATE TABLE tags (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
    CREATE TABLE artifacts (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      path TEXT NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (run_id, path));
    )sql",
    // 1 -> 2: remember which MLflow run a local run became, and queue pushes durably.
    R"sql(
    ALTER TABLE runs ADD COLUMN mlflow_run_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE runs ADD COLUMN mlflow_experiment_id TEXT NOT NULL DEFAULT '';
    CREATE TABLE push_queue (run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      target TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt INTEGER NOT NULL DEFAULT 0,
      last_error TEXT NOT NULL DEFAULT '', progress TEXT NOT NULL DEFAULT '{}', queued_at INTEGER NOT NULL);
    )sql",
    // 2 -> 3: per-epoch history under train_* names (RunRecord.h's history::), so that a run
    // pushed from an older store does not hide its final accuracy behind the last epoch's.
    R"sql(
    UPDATE history SET key = 'train_' || key WHERE key IN ('loss', 'accuracy', 'auc');
    )sql",
};
static_assert(std::size(kMigrations) == kStoreSchemaVersion);

bool processAlive(std::int64_t pid) {
  if (pid <= 0) return false;
  return platform::processAlive(pid);
}

bool isSafeRunId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

void migrateStore(SqliteDb& db, int targetVersion) {
  if (targetVersion > kStoreSchemaVersion) throw InputError("unknown run store schema version");
  while (true) {
    SqliteTransaction tx(db);  // re-read inside the lock: another process may have migrated
    const int version = db.userVersion();
    if (version > kStoreSchemaVersion) {
      throw FormatError(db.file().string() + " has schema version " + std::to_string(version) +
                        ", newer than this TweetLab (" + std::to_string(kStoreSchemaVersion) +
                        "); please upgrade");
    }
    if (version >= targetVersion) return;
    db.exec(kMigrations[version]);
    db.setUserVersion(version + 1);
    tx.commit();
  }
}

RunStore::RunStore(fs::path root) : root_(std::move(root)) {
  std::error_code ec;
  fs::create_directories(root_ / "artifacts", ec);
  if (ec)
    throw IoError("cannot create run store folder " + (root_ / "artifacts").string() + ": " +
                  ec.message());
  db_ = std::make_unique<SqliteDb>(databaseFile());
  migrateStore(*db_);
  recoverCrashedRuns();
}

RunStore::~RunStore() = default;

fs::path RunStore::defaultRoot() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return fs::path(xdg) / "TweetLab";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".local/share/TweetLab";
  if (const char* appData = std::getenv("LOCALAPPDATA"); appData && *appData)  // Windows
    return fs::path(appData) / "TweetLab";
  return fs::temp_directory_path() / "TweetLab";
}

fs::path RunStore::artifactDir(const std::string& runId) const {
  if (!isSafeRunId(runId)) throw InputError("not a run id: '" + runId + "'");
  return root_ / "artifacts" / runId;
}

int RunStore::schemaVersion() {
  std::lock_guard lock(mutex_);
  return db_->userVersion();
}

void RunStore::beginRun(RunRecord& record) {
  if (record.id.empty()) record.id = newRunId();
  if (record.pid == 0) record.pid = platform::processId();
  if (record.host.empty()) record.host = platform::hostName();
  if (record.startTimeMs == 0) record.startTimeMs = nowMs();
  record.status = RunStatus::Running;
  save(record);
}

void RunStore::appendHistory(const std::string& runId, const std::vector<MetricPoint>& points) {
  std::lock_guard lock(mutex_);
  SqliteTransaction tx(*db_);
  auto insert = db_->prepare(
      "INSERT OR REPLACE INTO history(run_id, key, step, value, timestamp) VALUES (?,?,?,?,?)");
  for (const auto& p : points)
    insert.bind(1, runId)
        .bind(2, p.key)
        .bind(3, p.step)
        .bind(4, p.value)
        .bind(5, p.timestampMs)
        .run();
  tx.commit();
}

void RunStore::save(const RunRecord& record) {
  std::lock_guard lock(mutex_);
  saveLocked(record);
}

void RunStore::saveLocked(const RunRecord& r) {
  if (!isSafeRunId(r.id)) throw InputError("not a run id: '" + r.id + "'");
  SqliteTransaction tx(*db_);
  db_->prepare(
         "INSERT INTO runs(id, experiment, run_name, spec, status, start_time, end_time, "
         "model_family, preprocessing,"
         " error, notes, pid, host, mlflow_run_id, mlflow_experiment_id) VALUES "
         "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
         " ON CONFLICT(id) DO UPDATE SET experiment=excluded.experiment, "
         "run_name=excluded.run_name,"
         " spec=excluded.spec, status=excluded.status, start_time=excluded.start_time, "
         "end_time=excluded.end_time,"
         " model_family=excluded.model_family, preprocessing=excluded.preprocessing, "
         "error=excluded.error,"
         " notes=excluded.notes, pid=excluded.pid, host=excluded.host,"
         " mlflow_run_id=CASE WHEN excluded.mlflow_run_id='' THEN runs.mlflow_run_id ELSE "
         "excluded.mlflow_run_id END,"
         " mlflow_experiment_id=CASE WHEN excluded.mlflow_experiment_id='' THEN "
         "runs.mlflow_experiment_id"
         " ELSE excluded.mlflow_experiment_id END")
      .bind(1, r.id)
      .bind(2, r.experiment)
      .bind(3, r.runName)
      .bind(4, r.spec.dump())
      .bind(5, toString(r.status))
      .bind(6, r.startTimeMs)
      .bind(7, r.endTimeMs)
      .bind(8, tagValue(r, tag::kModelFamily))
      .bind(9, tagValue(r, tag::kPreprocessing))
      .bind(10, r.error)
      .bind(11, r.notes)
      .bind(12, r.pid)
      .bind(13, r.host)
      .bind(14, r.mlflowRunId)
      .bind(15, r.mlflowExperimentId)
      .run();
  for (const char* table : {"params", "metrics", "tags", "artifacts", "history"}) {
    db_->prepare(std::string("DELETE FROM ") + table + " WHERE run_id=?").bind(1, r.id).run();
  }
  auto param = db_->prepare("INSERT INTO params(run_id, key, value) VALUES (?,?,?)");
  for (const auto& [k, v] : r.params) param.bind(1, r.id).bind(2, k).bind(3, v).run();
  auto metricRow = db_->prepare("INSERT INTO metrics(run_id, key, value) VALUES (?,?,?)");
  for (const auto& [k, v] : r.metrics) metricRow.bind(1, r.id).bind(2, k).bind(3, v).run();
  auto tagRow = db_->prepare("INSERT INTO tags(run_id, key, value) VALUES (?,?,?)");
  for (const auto& [k, v] : r.tags) tagRow.bind(1, r.id).bind(2, k).bind(3, v).run();
  auto artifact =
      db_->prepare("INSERT INTO artifacts(run_id, path, bytes, sha256) VALUES (?,?,?,?)");
  for (const auto& a : r.artifacts) {
    artifact.bind(1, r.id)
        .bind(2, a.path)
        .bind(3, static_cast<std::int64_t>(a.bytes))
        .bind(4, a.sha256)
        .run();
  }
  auto history = db_->prepare(
      "INSERT OR REPLACE INTO history(run_id, key, step, value, timestamp) VALUES (?,?,?,?,?)");
  for (const auto& p : r.history) {
    history.bind(1, r.id)
        .bind(2, p.key)
        .bind(3, p.step)
        .bind(4, p.value)
        .bind(5, p.timestampMs)
        .run();
  }
  tx.commit();
}

std::vector<RunSummary> RunStore::list(const RunQuery& q) {
  std::lock_guard lock(mutex_);
  static const std::map<std::string, std::string> kColumns{{"start_time", "r.start_time"},
                                                           {"end_time", "r.end_time"},
                                                           {"run_name", "r.run_name"},
                                                           {"status", "r.status"},
                                                           {"model_family", "r.model_family"}};
  const auto column = kColumns.find(q.sortBy);
  const bool byMetric = column == kColumns.end();
  std::string sql =
      "SELECT r.id, r.experiment, r.run_name, r.status, r.start_time, r.end_time, r.model_family, "
      "r.preprocessing,"
      " r.error, r.mlflow_run_id, r.notes, (SELECT COUNT(*) FROM push_queue p WHERE p.run_id=r.id),"
      " EXISTS (SELECT 1 FROM artifacts a WHERE a.run_id=r.id AND a.path='model/manifest.json') "
      "FROM "
      "runs r";
  if (byMetric) sql += " LEFT JOIN metrics sm ON sm.run_id=r.id AND sm.key=?1";
  sql +=
      " WHERE (?2='' OR r.experiment=?2) AND (?3='' OR r.model_family=?3) AND (?4='' OR "
      "r.status=?4)"
      " AND (?5='' OR instr(lower(r.run_name || ' ' || r.model_family || ' ' || r.preprocessing || "
      "' ' || r.id),"
      " lower(?5)) > 0)";
  int parameter = 6;
  for (std::size_t i = 0; i < q.tags.size(); ++i, parameter += 2) {
    sql += " AND EXISTS (SELECT 1 FROM tags t WHERE t.run_id=r.id AND t.key=?" +
           std::to_string(parameter) + " AND t.value=?" + std::to_string(parameter + 1) + ")";
  }
  const std::string direction = q.descending ? " DESC" : " ASC";
  // Runs without the sort metric (or with NaN, stored as NULL) always come last.
  sql += byMetric ? " ORDER BY sm.value IS NULL, sm.value" + direction
                  : " ORDER BY " + column->second + direction;
  sql += ", r.start_time DESC, r.id";
  if (q.limit > 0)
    sql += " LIMIT " + std::to_string(q.limit) + " OFFSET " + std::to_string(q.offset);
  auto stmt = db_->prepare(sql);
  if (byMetric) stmt.bind(1, q.sortBy);
  stmt.bind(2, q.experiment)
      .bind(3, q.family)
      .bind(4, q.status ? toString(*q.status) : std::string())
      .bind(5, q.text);
  parameter = 6;
  for (const auto& [key, value] : q.tags) {
    stmt.bind(parameter++, key);
    stmt.bind(parameter++, value);
  }
  std::vector<RunSummary> out;
  while (stmt.step()) {
    RunSummary s;
    s.id = stmt.text(0);
    s.experiment = stmt.text(1);
    s.runName = stmt.text(2);
    s.status = runStatusFromString(stmt.text(3));
    s.startTimeMs = stmt.integer(4);
    s.endTimeMs = stmt.integer(5);
    s.modelFamily = stmt.text(6);
    s.preprocessing = stmt.text(7);
    s.error = stmt.text(8);
    s.mlflowRunId = stmt.text(9);
    s.notes = stmt.text(10);
    s.pushPending = stmt.integer(11) > 0;
    s.hasBundle = stmt.integer(12) > 0;
    out.push_back(std::move(s));
  }
  auto metrics = db_->prepare("SELECT key, value FROM metrics WHERE run_id=?");
  auto tags = db_->prepare("SELECT key, value FROM tags WHERE run_id=?");
  // Only the params a summary shows (describeData): a run has hundreds of others.
  auto params = db_->prepare(
      "SELECT key, value FROM params WHERE run_id=? AND key IN ('data.path', 'data.train_rows',"
      " 'data.val_rows', 'data.test_rows')");
  for (auto& s : out) {
    metrics.bind(1, s.id);
    while (metrics.step()) s.metrics[metrics.text(0)] = metrics.real(1);
    metrics.reset();
    tags.bind(1, s.id);
    while (tags.step()) s.tags[tags.text(0)] = tags.text(1);
    tags.reset();
    std::map<std::string, std::string> dataParams;
    params.bind(1, s.id);
    while (params.step()) dataParams[params.text(0)] = params.text(1);
    params.reset();
    describeData(s, dataParams);
  }
  return out;
}

std::optional<RunRecord> RunStore::get(const std::string& runId) {
  std::lock_guard lock(mutex_);
  auto run = db_->prepare(
      "SELECT experiment, run_name, spec, status, start_time, end_time, error, notes, pid, host, "
      "mlflow_run_id,"
      " mlflow_experiment_id FROM runs WHERE id=?");
  run.bind(1, runId);
  if (!run.step()) return std::nullopt;
  RunRecord r;
  r.id = runId;
  r.experiment = run.text(0);
  r.runName = run.text(1);
  r.spec = tryParseJson(run.text(2)).value_or(nlohmann::json::object());
  r.status = runStatusFromString(run.text(3));
  r.startTimeMs = run.integer(4);
  r.endTimeMs = run.integer(5);
  r.error = run.text(6);
  r.notes = run.text(7);
  r.pid = run.integer(8);
  r.host = run.text(9);
  r.mlflowRunId = run.text(10);
  r.mlflowExperimentId = run.text(11);
  auto params = db_->prepare("SELECT key, value FROM params WHERE run_id=?");
  params.bind(1, runId);
  while (params.step()) r.params[params.text(0)] = params.text(1);
  auto metrics = db_->prepare("SELECT key, value FROM metrics WHERE run_id=?");
  metrics.bind(1, runId);
  while (metrics.step()) r.metrics[metrics.text(0)] = metrics.real(1);
  auto tags = db_->prepare("SELECT key, value FROM tags WHERE run_id=?");
  tags.bind(1, runId);
  while (tags.step()) r.tags[tags.text(0)] = tags.text(1);
  auto history = db_->prepare(
      "SELECT key, step, value, timestamp FROM history WHERE run_id=? ORDER BY key, step");
  history.bind(1, runId);
  while (history.step())
    r.history.push_back({history.text(0), history.real(2), history.integer(1), history.integer(3)});
  auto artifacts =
      db_->prepare("SELECT path, bytes, sha256 FROM artifacts WHERE run_id=? ORDER BY path");
  artifacts.bind(1, runId);
  while (artifacts.step()) {
    r.artifacts.push_back(
        {artifacts.text(0), static_cast<std::uint64_t>(artifacts.integer(1)), artifacts.text(2)});
  }
  return r;
}

std::optional<std::string> RunStore::resolveId(const std::string& prefix) {
  if (prefix.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("SELECT id FROM runs WHERE substr(id, 1, length(?1)) = ?1 LIMIT 2");
  stmt.bind(1, prefix);
  std::vector<std::string> ids;
  while (stmt.step()) ids.push_back(stmt.text(0));
  if (ids.size() > 1)
    throw InputError("run id prefix '" + prefix + "' is ambiguous; give more digits");
  if (ids.empty()) return std::nullopt;
  return ids.front();
}

bool RunStore::remove(const std::string& runId) {
  const auto dir = artifactDir(runId);
  {
    std::lock_guard lock(mutex_);
    SqliteTransaction tx(*db_);
    db_->prepare("DELETE FROM runs WHERE id=?").bind(1, runId).run();
    const bool existed = db_->changes() > 0;
    tx.commit();
    if (!existed) return false;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec)
    throw IoError("run " + runId + " deleted, but its artifacts in " + dir.string() +
                  " could not be: " + ec.message());
  return true;
}

int RunStore::recoverCrashedRuns() {
  std::lock_guard lock(mutex_);
  const std::string host = platform::hostName();
  auto running = db_->prepare("SELECT id, pid FROM runs WHERE status='RUNNING' AND host=?");
  running.bind(1, host);
  std::vector<std::pair<std::string, std::int64_t>> dead;
  while (running.step()) {
    if (!processAlive(running.integer(1))) dead.emplace_back(running.text(0), running.integer(1));
  }
  running.reset();
  for (const auto& [id, pid] : dead) {
    // A bundle being written when the process died stays as model.partial-<pid>: not an artifact.
    recoverAbandonedStaging(artifactDir(id) / "model");
    SqliteTransaction tx(*db_);
    // End time: the last history point it wrote, else its start (we cannot know better).
    db_->prepare(
           "UPDATE runs SET status='FAILED', error=?2, end_time=COALESCE((SELECT MAX(timestamp) "
           "FROM history"
           " WHERE run_id=?1), start_time) WHERE id=?1 AND status='RUNNING'")
        .bind(1, id)
        .bind(2, "the process (pid " + std::to_string(pid) + " on " + host +
                     ") ended while the run was RUNNING; kept the history it had recorded")
        .run();
    tx.commit();
  }
  return static_cast<int>(dead.size());
}

void RunStore::queuePush(const std::string& runId, const std::string& target) {
  std::lock_guard lock(mutex_);
  SqliteTransaction tx(*db_);
  db_->prepare(
         "INSERT INTO push_queue(run_id, target, queued_at) VALUES (?,?,?) ON CONFLICT(run_id) DO "
         "UPDATE SET"
         " target=excluded.target, next_attempt=0")
      .bind(1, runId)
      .bind(2, target)
      .bind(3, nowMs())
      .run();
  tx.commit();
}

std::vector<PendingPush> RunStore::pendingPushes(std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare(
      "SELECT run_id, target, attempts, next_attempt, last_error, progress FROM push_queue"
      " WHERE ?1 < 0 OR next_attempt <= ?1 ORDER BY queued_at, run_id");
  stmt.bind(1, now);
  std::vector<PendingPush> out;
  while (stmt.step()) {
    PendingPush p;
    p.runId = stmt.text(0);
    p.target = stmt.text(1);
    p.attempts = static_cast<int>(stmt.integer(2));
    p.nextAttemptMs = stmt.integer(3);
    p.lastError = stmt.text(4);
    p.progress = tryParseJson(stmt.text(5)).value_or(nlohmann::json::object());
    out.push_back(std::move(p));
  }
  return out;
}

void RunStore::setPushProgress(const std::string& runId, const nlohmann::json& progress) {
  std::lock_guard lock(mutex_);
  db_->prepare("UPDATE push_queue SET progress=? WHERE run_id=?")
      .bind(1, progress.dump())
      .bind(2, runId)
      .run();
}

void RunStore::pushFailed(const std::string& runId, const std::string& error,
                          std::int64_t nextAttemptMs) {
  std::lock_guard lock(mutex_);
  db_->prepare(
         "UPDATE push_queue SET attempts=attempts+1, last_error=?, next_attempt=? WHERE run_id=?")
      .bind(1, error)
      .bind(2, nextAttemptMs)
      .bind(3, runId)
      .run();
}

void RunStore::pushSucceeded(const std::string& runId) {
  std::lock_guard lock(mutex_);
  db_->prepare("DELETE FROM push_queue WHERE run_id=?").bind(1, runId).run();
}

bool RunStore::rename(const std::string& runId, const std::string& name) {
  std::lock_guard lock(mutex_);
  db_->prepare("UPDATE runs SET run_name=? WHERE id=?").bind(1, name).bind(2, runId).run();
  return db_->changes() > 0;
}

bool RunStore::setNotes(const std::string& runId, const std::string& notes) {
  std::lock_guard lock(mutex_);
  db_->prepare("UPDATE runs SET notes=? WHERE id=?").bind(1, notes).bind(2, runId).run();
  return db_->changes() > 0;
}

void RunStore::setMlflowIds(const std::string& runId, const std::string& mlflowRunId,
                            const std::string& experimentId) {
  std::lock_guard lock(mutex_);
  db_->prepare("UPDATE runs SET mlflow_run_id=?, mlflow_experiment_id=? WHERE id=?")
      .bind(1, mlflowRunId)
      .bind(2, experimentId)
      .bind(3, runId)
      .run();
}

}  // namespace tweetlab::tracking
