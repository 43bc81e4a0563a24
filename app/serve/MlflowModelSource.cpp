#include "app/serve/MlflowModelSource.h"

#include <httplib.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/common/Errors.h"
#include "core/common/Json.h"

namespace tweetlab::serve {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::string_view kModelsScheme = "models:/";
constexpr std::string_view kArtifactsScheme = "mlflow-artifacts:";

class MlflowHttp {
 public:
  explicit MlflowHttp(const MlflowConnection& c) : uri_(c.trackingUri) {
    // httplib::Client takes scheme://host:port only; a path prefix goes in front of every call.
    const auto schemeEnd = uri_.find("://");
    if (schemeEnd == std::string::npos)
      throw InputError("MLflow tracking URI must start with http:// or https://: " + uri_);
    const auto pathStart = uri_.find('/', schemeEnd + 3);
    const std::string origin = pathStart == std::string::npos ? uri_ : uri_.substr(0, pathStart);
    prefix_ = pathStart == std::string::npos ? "" : uri_.substr(pathStart);
    while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
    client_ = std::make_unique<httplib::Client>(origin);
    if (!client_->is_valid()) throw InputError("unsupported MLflow tracking URI: " + uri_);
    client_->set_connection_timeout(c.timeoutSeconds, 0);
    client_->set_read_timeout(c.timeoutSeconds, 0);
    client_->set_write_timeout(c.timeoutSeconds, 0);
    client_->set_follow_location(true);
    if (!c.token.empty()) {
      client_->set_bearer_token_auth(c.token.c_str());
    } else if (!c.username.empty()) {
      client_->set_basic_auth(c.username.c_str(), c.password.c_str());
    }
  }

  json getJson(const std::string& path, const httplib::Params& params) {
    auto res = client_->Get((prefix_ + path).c_str(), params, httplib::Headers{});
    return decode("GET", path, res);
  }

  json postJson(const std::string& path, const json& body) {
    auto res = client_->Post((prefix_ + path).c_str(), body.dump(), "application/json");
    return decode("POST", path, res);
  }

  // Streams a file to disk; returns its size.
  std::uintmax_t download(const std::string& path, const fs::path& target) {
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError("cannot write " + target.string());
    std::string errorBody;
    int status = 0;
    auto res = client_->Get((prefix_ + path).c_str(), httplib::Headers{},
                            [&status](const httplib::Response& r) {
                              status = r.status;
                              return true;
                            },
                            [&](const char* data, std::size_t length) {
                              if (status == 200) {
                                out.write(data, static_cast<std::streamsize>(length));
                              } else if (errorBody.size() < 64 * 1024) {
                                errorBody.append(data, length);
                              }
                              return true;
                            });
    if (!res) throw IoError("MLflow GET " + uri_ + path + ": " + httplib::to_string(res.error()));
    if (status != 200)
      throw IoError("MLflow GET " + uri_ + path + ": " + describe(status, errorBody));
    out.close();
    if (!out) throw IoError("cannot write " + target.string());
    return fs::file_size(target);
  }

 private:
  static std::string describe(int status, const std::string& body) {
    std::string text = "HTTP " + std::to_string(status);
    const auto parsed = tryParseJson(body).value_or(json());
    if (parsed.is_object() && parsed.contains("error_code")) {
      text += " " + parsed.value("error_code", "") + ": " + parsed.value("message", "");
    }
    return text;
  }

  json decode(const char* method, const std::string& path, const httplib::Result& res) {
    const std::string what = std::string("MLflow ") + method + " " + uri_ + path;
    if (!res) throw IoError(what + ": " + httplib::to_string(res.error()));
    if (res->status != 200) throw IoError(what + ": " + describe(res->status, res->body));
    auto parsed = tryParseJson(res->body).value_or(json());
    if (!parsed.is_object()) throw IoError(what + ": the response is not a JSON object");
    return parsed;
  }

  std::string uri_;
  std::string prefix_;
  std::unique_ptr<httplib::Client> client_;
};

// One path segment from the server; refuse anything that could leave the download directory.
// Returns a copy: callers pass temporaries (a JSON field), and a reference to one would dangle.
std::string safeSegment(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos ||
      name.find('\\') != std::string::npos || name.find('\0') != std::string::npos) {
    throw IoError("MLflow listed an unsafe artifact name: '" + name + "'");
  }
  return name;
}

// Recursively copies the artifact directory `remote` (relative to the artifact root) to `local`.
void downloadTree(MlflowHttp& http, const std::string& remote, const fs::path& local, int depth) {
  if (depth > 16) throw IoError("MLflow artifact tree deeper than 16 levels under " + remote);
  fs::create_directories(local);
  const auto listing = http.getJson("/api/2.0/mlflow-artifacts/artifacts", {{"path", remote}});
  // Protobuf JSON omits empty repeated fields: an empty directory lists as {}.
  for (const auto& entry : listing.value("files", json::array())) {
    const std::string name = safeSegment(entry.at("path").get<std::string>());
    const std::string child = remote + "/" + name;
    if (entry.value("is_dir", false)) {
      downloadTree(http, child, local / name, depth + 1);
      continue;
    }
    const auto size = http.download("/api/2.0/mlflow-artifacts/artifacts/" + child, local / name);
    if (entry.contains("file_size") && entry["file_size"].get<std::uintmax_t>() != size) {
      throw IoError("MLflow artifact " + child + ": got " + std::to_string(size) +
                    " bytes, listed as " +
                    std::to_string(entry["file_size"].get<std::uintmax_t>()));
    }
  }
}

std::string resolveVersion(MlflowHttp& http, const RegisteredModelRef& ref) {
  if (!ref.alias.empty()) {
    const auto j = http.getJson("/api/2.0/mlflow/registered-models/alias",
                                {{"name", ref.name}, {"alias", ref.alias}});
    return j.at("model_version").at("version").get<std::string>();
  }
  if (ref.latest) {
    const auto j = http.postJson("/api/2.0/mlflow/registered-models/get-latest-versions",
                                 {{"name", ref.name}});
    long best = -1;
    for (const auto& v : j.value("model_versions", json::array())) {
      best = std::max(best, std::stol(v.at("version").get<std::string>()));
    }
    if (best < 0) throw IoError("registered model " + ref.name + " has no versions");
    return std::to_string(best);
  }
  return ref.version;
}

// Where in the downloaded artifacts the bundle's manifest is: the root or one directory down.
fs::path findBundleRoot(const fs::path& root) {
  if (fs::exists(root / "manifest.json")) return root;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory() && fs::exists(entry.path() / "manifest.json")) return entry.path();
  }
  throw FormatError(
      "the MLflow model artifacts hold no TweetLab bundle (no manifest.json at the top or one "
      "level down)");
}

}  // namespace

RegisteredModelRef parseModelUri(const std::string& uri) {
  const auto bad = [&uri](const std::string& why) {
    return InputError(
        "model URI '" + uri + "': " + why +
        " (expected models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest)");
  };
  if (uri.rfind(kModelsScheme, 0) != 0) throw bad("must start with models:/");
  const std::string rest = uri.substr(kModelsScheme.size());
  RegisteredModelRef ref;
  if (const auto at = rest.rfind('@');
      at != std::string::npos && rest.find('/') == std::string::npos) {
    ref.name = rest.substr(0, at);
    ref.alias = rest.substr(at + 1);
    if (ref.name.empty() || ref.alias.empty()) throw bad("empty name or alias");
    return ref;
  }
  const auto slash = rest.rfind('/');
  if (slash == std::string::npos) throw bad("no version");
  ref.name = rest.substr(0, slash);
  const std::string version = rest.substr(slash + 1);
  if (ref.name.empty()) throw bad("empty name");
  if (version == "latest") {
    ref.latest = true;
  } else if (!version.empty() && version.find_first_not_of("0123456789") == std::string::npos) {
    ref.version = version;
  } else {
    throw bad("version must be a number or 'latest'");
  }
  return ref;
}

DownloadedModel downloadRegisteredModel(const MlflowConnection& connection,
                                        const RegisteredModelRef& ref, const fs::path& cacheDir) {
  MlflowHttp http(connection);
  DownloadedModel model;
  model.name = ref.name;
  model.version = resolveVersion(http, ref);

  const auto version = http.getJson("/api/2.0/mlflow/model-versions/get",
                                    {{"name", ref.name}, {"version", model.version}});
  const auto status = version.at("model_version").value("status", "");
  if (status != "READY") {
    throw IoError("model " + ref.name + " version " + model.version +
                  " is not READY in MLflow (status " + status + ")");
  }
  const auto uri = http.getJson("/api/2.0/mlflow/model-versions/get-download-uri",
                                {{"name", ref.name}, {"version", model.version}})
                       .at("artifact_uri")
                       .get<std::string>();
  if (uri.rfind(kArtifactsScheme, 0) != 0) {
    throw IoError("model " + ref.name + " version " + model.version + " is stored at " + uri +
                  "; tweetlab-serve downloads only through the tracking server's artifact proxy "
                  "(mlflow-artifacts:/, mlflow server --serve-artifacts)");
  }
  // mlflow-artifacts:/1/<run>/artifacts/model or mlflow-artifacts://host/1/<run>/... -> 1/<run>/...
  std::string remote = uri.substr(kArtifactsScheme.size());
  if (remote.rfind("//", 0) == 0) {
    const auto pathStart = remote.find('/', 2);
    remote = pathStart == std::string::npos ? "" : remote.substr(pathStart);
  }
  while (!remote.empty() && remote.front() == '/') remote.erase(remote.begin());
  while (!remote.empty() && remote.back() == '/') remote.pop_back();

  std::string folder = ref.name + "-v" + model.version;
  for (auto& c : folder) {
    if (c == '/' || c == '\\') c = '_';
  }
  const auto target = cacheDir / folder;
  const auto staging = fs::path(target.string() + ".partial");
  fs::remove_all(staging);
  try {
    downloadTree(http, remote, staging, 0);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    throw;
  }
  fs::remove_all(target);
  fs::rename(staging, target);
  model.bundleDir = findBundleRoot(target);
  return model;
}

}  // namespace tweetlab::serve
