#pragma once
// A loopback stand-in for the few MLflow 2.17 endpoints tweetlab-serve calls at start-up. It
// answers in the formats recorded against a real MLflow server (see MLFLOW-CONTRACT.md next to
// this file) and rejects what the real server rejects: missing parameters (400
// INVALID_PARAMETER_VALUE), unknown models/versions (404 RESOURCE_DOES_NOT_EXIST), '..' in
// artifact paths (400 "Invalid path"), missing artifacts (500 INTERNAL_ERROR), POST without a
// JSON content type (400), a GET on a POST-only endpoint (405 HTML), unknown endpoints (404 HTML).
// Artifacts are real files under a directory, like `mlflow server --artifacts-destination`.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

namespace tweetlab::serve::testing {

class MiniMlflowServer {
 public:
  explicit MiniMlflowServer(std::filesystem::path artifactsDestination)
      : root_(std::move(artifactsDestination)) {
    install();
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~MiniMlflowServer() {
    http_.stop();
    thread_.join();
  }

  std::string uri() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // model-versions/create with an mlflow-artifacts:/ source, as the tracking client does it.
  void addVersion(const std::string& name, const std::string& version, const std::string& source,
                  const std::string& status = "READY") {
    const std::lock_guard lock(mutex_);
    models_[name][version] = {source, status};
  }
  void setAlias(const std::string& name, const std::string& alias, const std::string& version) {
    const std::lock_guard lock(mutex_);
    aliases_[name][alias] = version;
  }
  std::vector<std::string> requestLog() const {
    const std::lock_guard lock(mutex_);
    return log_;
  }

 private:
  using json = nlohmann::json;
  struct Version {
    std::string source;
    std::string status;
  };

  static void mlflowError(httplib::Response& res, int status, const std::string& code,
                          const std::string& message) {
    res.status = status;
    res.set_content(json{{"error_code", code}, {"message", message}}.dump(), "application/json");
  }
  static void html(httplib::Response& res, int status, const std::string& title) {
    res.status = status;
    res.set_content(
        "<!doctype html>\n<html lang=en>\n<title>" + title + "</title>\n<h1>" + title + "</h1>\n",
        "text/html; charset=utf-8");
  }
  static bool missing(const httplib::Request& req, httplib::Response& res, const char* param) {
    if (req.has_param(param) && !req.get_param_value(param).empty()) return false;
    mlflowError(res, 400, "INVALID_PARAMETER_VALUE",
                std::string("Missing value for required parameter '") + param +
                    "'. See the API docs for more information about request parameters.");
    return true;
  }
  static bool badPath(const std::string& path) {
    std::size_t start = 0;
    while (start <= path.size()) {
      const auto end = std::min(path.find('/', start), path.size());
      if (path.substr(start, end - start) == "..") return true;
      start = end + 1;
    }
    return path.rfind('/', 0) == 0;
  }

  json versionJson(const std::string& name, const std::string& version, const Version& v) const {
    return {{"name", name},
            {"version", version},
            {"creation_timestamp", 1795576409158},
            {"last_updated_timestamp", 1795576409158},
            {"current_stage", "None"},
            {"description", ""},
            {"source", v.source},
            {"run_id", "9dab6524a20b4116bf42c4c2edbf5d46"},
            {"status", v.status},
            {"run_link", ""}};
  }

  // Looks up name+version, answering the recorded errors; nullptr when it already answered.
  const Version* findVersion(const httplib::Request& req, httplib::Response& res) {
    if (missing(req, res, "name") || missing(req, res, "version")) return nullptr;
    const auto name = req.get_param_value("name");
    const auto model = models_.find(name);
    if (model == models_.end()) {
      mlflowError(res, 404, "RESOURCE_DOES_NOT_EXIST",
                  "Registered Model with name=" + name + " not found");
      return nullptr;
    }
    const auto version = req.get_param_value("version");
    const auto it = model->second.find(version);
    if (it == model->second.end()) {
      mlflowError(res, 404, "RESOURCE_DOES_NOT_EXIST",
                  "Model Version (name=" + name + ", version=" + version + ") not found");
      return nullptr;
    }
    return &it->second;
  }

  void install() {
    http_.set_logger([this](const httplib::Request& req, const httplib::Response&) {
      const std::lock_guard lock(mutex_);
      log_.push_back(req.method + " " + req.path);
    });
    http_.Get("/api/2.0/mlflow/model-versions/get", [this](const httplib::Request& req,
                                                           httplib::Response& res) {
      const std::lock_guard lock(mutex_);
      if (const auto* v = findVersion(req, res)) {
        res.set_content(json{{"model_version", versionJson(req.get_param_value("name"),
                                                           req.get_param_value("version"), *v)}}
                            .dump(),
                        "application/json");
      }
    });
    http_.Get("/api/2.0/mlflow/model-versions/get-download-uri",
              [this](const httplib::Request& req, httplib::Response& res) {
                const std::lock_guard lock(mutex_);
                if (const auto* v = findVersion(req, res))
                  res.set_content(json{{"artifact_uri", v->source}}.dump(), "application/json");
              });
    http_.Get("/api/2.0/mlflow/registered-models/alias",
              [this](const httplib::Request& req, httplib::Response& res) {
                const std::lock_guard lock(mutex_);
                if (missing(req, res, "name") || missing(req, res, "alias")) return;
                const auto name = req.get_param_value("name");
                const auto alias = req.get_param_value("alias");
                const auto model = aliases_.find(name);
                if (model == aliases_.end() || model->second.count(alias) == 0) {
                  // Not in the transcript; MLflow 2.17 answers 404 RESOURCE_DOES_NOT_EXIST here.
                  mlflowError(res, 404, "RESOURCE_DOES_NOT_EXIST",
                              "Registered model alias " + alias + " not found.");
                  return;
                }
                const auto& version = model->second.at(alias);
                auto j = versionJson(name, version, models_.at(name).at(version));
                j["aliases"] = json::array({alias});
                res.set_content(json{{"model_version", j}}.dump(), "application/json");
              });
    http_.Post("/api/2.0/mlflow/registered-models/get-latest-versions",
               [this](const httplib::Request& req, httplib::Response& res) {
                 const std::lock_guard lock(mutex_);
                 if (!req.has_header("Content-Type")) {
                   return mlflowError(res, 400, "INVALID_PARAMETER_VALUE",
                                      "Bad Request. Content-Type header is missing.");
                 }
                 if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
                   return mlflowError(
                       res, 400, "INVALID_PARAMETER_VALUE",
                       "Bad Request. Content-Type must be one of ['application/json'].");
                 }
                 const auto body = json::parse(req.body, nullptr, false);
                 const auto name = body.is_object() ? body.value("name", "") : "";
                 const auto model = models_.find(name);
                 if (model == models_.end()) {
                   return mlflowError(res, 404, "RESOURCE_DOES_NOT_EXIST",
                                      "Registered Model with name=" + name + " not found");
                 }
                 // Latest per stage; every version here is in stage "None", so the highest one.
                 std::string latest;
                 for (const auto& [version, v] : model->second) {
                   if (latest.empty() || std::stol(version) > std::stol(latest)) latest = version;
                 }
                 res.set_content(
                     json{{"model_versions", {versionJson(name, latest, model->second.at(latest))}}}
                         .dump(),
                     "application/json");
               });
    http_.Get("/api/2.0/mlflow-artifacts/artifacts", [this](const httplib::Request& req,
                                                            httplib::Response& res) {
      const auto path = req.get_param_value("path");
      if (badPath(path)) return mlflowError(res, 400, "INVALID_PARAMETER_VALUE", "Invalid path");
      json files = json::array();
      const auto dir = root_ / path;
      if (std::filesystem::is_directory(dir)) {
        std::vector<std::filesystem::directory_entry> entries(
            std::filesystem::directory_iterator(dir), {});
        std::sort(entries.begin(), entries.end());
        for (const auto& entry : entries) {
          json f{{"path", entry.path().filename().string()}, {"is_dir", entry.is_directory()}};
          if (!entry.is_directory()) f["file_size"] = entry.file_size();
          files.push_back(f);
        }
      }
      // Protobuf JSON leaves out an empty repeated field.
      res.set_content(files.empty() ? "{}" : json{{"files", files}}.dump(), "application/json");
    });
    http_.Get(R"(/api/2.0/mlflow-artifacts/artifacts/(.+))", [this](const httplib::Request& req,
                                                                    httplib::Response& res) {
      const std::string path = req.matches[1];
      if (badPath(path)) return mlflowError(res, 400, "INVALID_PARAMETER_VALUE", "Invalid path");
      const auto file = root_ / path;
      if (!std::filesystem::is_regular_file(file)) {
        return mlflowError(res, 500, "INTERNAL_ERROR",
                           "The following failures occurred while downloading one or more "
                           "artifacts from DATA/artifacts:\n"
                           "##### File " +
                               path + " #####\n[Errno 2] No such file or directory");
      }
      auto content = std::make_shared<std::string>();
      {
        std::ifstream in(file, std::ios::binary);
        content->assign(std::istreambuf_iterator<char>(in), {});
      }
      // The real proxy streams files with Transfer-Encoding: chunked.
      res.set_chunked_content_provider(
          "application/octet-stream", [content](std::size_t offset, httplib::DataSink& sink) {
            if (offset < content->size()) {
              const auto n = std::min<std::size_t>(64 * 1024, content->size() - offset);
              sink.write(content->data() + offset, n);
            } else {
              sink.done();
            }
            return true;
          });
    });
    for (const auto* postOnly : {"/api/2.0/mlflow/registered-models/get-latest-versions"}) {
      http_.Get(postOnly, [](const httplib::Request&, httplib::Response& res) {
        html(res, 405, "405 Method Not Allowed");
      });
    }
    http_.set_error_handler(
        httplib::Server::Handler([](const httplib::Request&, httplib::Response& res) {
          if (res.status == 404 && res.body.empty()) html(res, 404, "404 Not Found");
        }));
  }

  std::filesystem::path root_;
  httplib::Server http_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, Version>> models_;
  std::map<std::string, std::map<std::string, std::string>> aliases_;
  std::vector<std::string> log_;
};

}  // namespace tweetlab::serve::testing
