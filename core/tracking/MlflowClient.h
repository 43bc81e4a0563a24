#pragma once
// A client for the MLflow 2.x tracking REST API (contract: tests/support/MlflowContract.md,
// recorded against MLflow 2.17.2). Plain HTTP(S) through cpp-httplib; core/ stays Qt-free.
//
// What it honours from the recorded contract:
//  - every POST carries Content-Type: application/json (the server rejects it otherwise);
//  - log-batch holds at most 1000 metrics, 100 params, 100 tags and 1000 entities in all;
//  - NaN/inf metric values go as the JSON strings "NaN"/"Infinity"/"-Infinity" (a bare NaN or
//    1e999 is stored by the server as 0 with timestamp 0);
//  - param values longer than 6000 and tag values longer than 8000 characters are cut here
//    (the server would cut them silently), keys are limited to 250 characters of [A-Za-z0-9_-. :/];
//  - artifacts go through the mlflow-artifacts proxy (PUT /api/2.0/mlflow-artifacts/artifacts/...).
// Auth and TLS come from the usual MLFLOW_TRACKING_* environment variables.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/common/Errors.h"
#include "core/tracking/RunRecord.h"

namespace httplib {
class Client;
}

namespace tweetlab::tracking {

struct MlflowConfig {
  std::string trackingUri;  // http(s)://host[:port][/prefix]
  std::string token;        // MLFLOW_TRACKING_TOKEN -> Authorization: Bearer
  std::string username;     // MLFLOW_TRACKING_USERNAME / _PASSWORD -> basic auth
  std::string password;
  bool insecureTls = false;  // MLFLOW_TRACKING_INSECURE_TLS=true
  std::string caCertPath;    // MLFLOW_TRACKING_SERVER_CERT_PATH
  int timeoutSeconds = 120;  // MLFLOW_HTTP_REQUEST_TIMEOUT
  // Immediate retries of a transient failure (no answer, 5xx, 429) within one idempotent call;
  // creating calls are never retried blindly (the push checks first, see MlflowPush).
  int maxRetries = 2;
  int retryDelayMs = 300;  // doubled after each retry

  // Reads the MLFLOW_TRACKING_* variables; `uri` (e.g. from --tracking-uri) wins over
  // MLFLOW_TRACKING_URI. trackingUri stays empty when neither is set.
  static MlflowConfig fromEnvironment(const std::string& uri = {});
};

// An MLflow request that failed. transient(): worth retrying later (no connection, 5xx, 429).
class MlflowError : public Error {
 public:
  MlflowError(const std::string& message, int httpStatus, std::string errorCode);
  int httpStatus() const { return status_; }  // 0 when there was no answer
  const std::string& errorCode() const { return code_; }
  bool transient() const { return status_ == 0 || status_ >= 500 || status_ == 429; }

 private:
  int status_;
  std::string code_;
};

struct MlflowRunInfo {
  std::string runId;
  std::string experimentId;
  std::string runName;
  std::string status;
  std::string artifactUri;
  std::int64_t startTime = 0;
  std::int64_t endTime = 0;
};

// A run as returned by runs/get and runs/search (for showing runs trained elsewhere).
struct MlflowRun {
  MlflowRunInfo info;
  std::map<std::string, double> metrics;  // latest values
  std::map<std::string, std::string> params;
  std::map<std::string, std::string> tags;
};

struct MlflowDataset {
  std::string name;
  std::string digest;  // the server keeps at most 36 characters
  std::string sourceType = "local";
  std::string source;  // JSON text, e.g. {"uri": "/path/data.csv"}
  std::string schema;
  std::string profile;
  std::string context = "train";  // input tag mlflow.data.context
};

struct MlflowModelVersion {
  std::string name;
  std::string version;
  std::string runId;
  std::string source;
};

class MlflowClient {
 public:
  explicit MlflowClient(MlflowConfig config);
  ~MlflowClient();
  MlflowClient(const MlflowClient&) = delete;
  MlflowClient& operator=(const MlflowClient&) = delete;

  const MlflowConfig& config() const { return config_; }

  std::optional<std::string> findExperiment(const std::string& name);
  std::string createExperiment(const std::string& name);
  // get-by-name, else create; a concurrent creator's RESOURCE_ALREADY_EXISTS is resolved by name.
  std::string getOrCreateExperiment(const std::string& name);

  MlflowRunInfo createRun(const std::string& experimentId, const std::string& runName,
                          std::int64_t startTimeMs, const std::string& userId,
                          const std::map<std::string, std::string>& tags);
  MlflowRunInfo updateRun(const std::string& runId, RunStatus status, std::int64_t endTimeMs);
  // The name the MLflow UI shows: runs/update with run_name, and the tag mlflow.runName (MLflow
  // 2.17 updates that tag itself; older servers and UIs read only the tag).
  void renameRun(const std::string& runId, const std::string& name);
  // One tag (runs/set-tag), e.g. mlflow.note.content, the run's description in the MLflow UI.
  void setTag(const std::string& runId, const std::string& key, const std::string& value);
  // Metrics hold the latest value per key (highest step, then timestamp), as MLflow shows them.
  MlflowRun getRun(const std::string& runId);
  // Every point logged under `key` (metrics/get-history), by step then timestamp.
  std::vector<MetricPoint> metricHistory(const std::string& runId, const std::string& key);

  // Splits into as many log-batch requests as the limits need; returns the number of requests.
  int logBatch(const std::string& runId, const std::vector<MetricPoint>& metrics,
               const std::map<std::string, std::string>& params,
               const std::map<std::string, std::string>& tags);
  void logInputs(const std::string& runId, const std::vector<MlflowDataset>& datasets);

  // `artifactUri` is the run's artifact_uri ("mlflow-artifacts:/1/<run>/artifacts"); `relativePath`
  // uses '/' ("plots/roc_curve.png"). FormatError when the server does not proxy artifacts.
  void uploadArtifact(const std::string& artifactUri, const std::string& relativePath,
                      const std::filesystem::path& file);
  void uploadArtifactBytes(const std::string& artifactUri, const std::string& relativePath,
                           const std::string& bytes);

  // False when the model already existed (that is fine).
  bool createRegisteredModel(const std::string& name, const std::string& description = {});
  MlflowModelVersion createModelVersion(const std::string& name, const std::string& source,
                                        const std::string& runId);
  std::vector<MlflowModelVersion> searchModelVersions(const std::string& filter);

  struct SearchPage {
    std::vector<MlflowRun> runs;
    std::string nextPageToken;
  };
  SearchPage searchRuns(const std::vector<std::string>& experimentIds, const std::string& filter,
                        int maxResults, const std::string& pageToken = {},
                        const std::vector<std::string>& orderBy = {});
  // Follows next_page_token until the end (or `limit` runs, 0 = all).
  std::vector<MlflowRun> searchAllRuns(const std::vector<std::string>& experimentIds,
                                       const std::string& filter, std::size_t limit = 0,
                                       int pageSize = 1000);

  std::size_t requestCount() const { return requests_; }

  // Exposed for tests: how a metric value travels ("NaN", "Infinity" or a JSON number).
  static nlohmann::json metricValue(double value);
  // Key with characters MLflow refuses replaced by '_', at most 250 characters.
  static std::string safeKey(const std::string& key);
  // First `limit` Unicode code points (MLflow counts characters, not bytes).
  static std::string truncateChars(const std::string& text, std::size_t limit);

 private:
  nlohmann::json post(const std::string& endpoint, const nlohmann::json& body, bool idempotent);
  nlohmann::json get(const std::string& endpoint, const std::map<std::string, std::string>& query);
  template <typename Call>
  nlohmann::json send(const std::string& what, bool idempotent, Call call);
  std::string artifactPath(const std::string& artifactUri, const std::string& relativePath) const;

  MlflowConfig config_;
  std::string basePath_;
  std::unique_ptr<httplib::Client> http_;
  std::mutex mutex_;
  std::size_t requests_ = 0;
};

}  // namespace tweetlab::tracking
