#pragma once
// Fetches a registered model version from an MLflow tracking server at start-up, through the
// REST API only (MLflow 2.x, recorded in tests/integration/serve/MLFLOW-CONTRACT.md):
//   registered-models/alias (for @ALIAS), registered-models/get-latest-versions (for /latest),
//   model-versions/get (must be READY), model-versions/get-download-uri, then the artifact files
//   through the mlflow-artifacts proxy (list + download, recursively).
// Kept to these few calls so tweetlab-serve needs no tracking library.
#include <filesystem>
#include <string>

namespace tweetlab::serve {

struct RegisteredModelRef {
  std::string name;
  std::string version;  // "3"; empty when alias or latest is used
  std::string alias;    // "champion" from models:/NAME@champion
  bool latest = false;  // models:/NAME/latest
};

// models:/NAME/VERSION, models:/NAME@ALIAS, models:/NAME/latest; InputError otherwise.
RegisteredModelRef parseModelUri(const std::string& uri);

struct MlflowConnection {
  std::string trackingUri;  // http(s)://host[:port][/prefix]
  std::string token;        // MLFLOW_TRACKING_TOKEN -> Authorization: Bearer
  std::string username;     // MLFLOW_TRACKING_USERNAME / _PASSWORD -> basic auth
  std::string password;
  int timeoutSeconds = 30;
};

struct DownloadedModel {
  std::filesystem::path bundleDir;  // holds manifest.json
  std::string name;
  std::string version;  // the registry's version number
};

// Downloads into a fresh directory under `cacheDir` and returns where the bundle is. IoError for
// network/HTTP failures (with MLflow's error_code and message), FormatError when the artifacts
// hold no TweetLab bundle.
DownloadedModel downloadRegisteredModel(const MlflowConnection& connection,
                                        const RegisteredModelRef& ref,
                                        const std::filesystem::path& cacheDir);

}  // namespace tweetlab::serve
