#include "core/experiment/InitModel.h"

#include <map>

#include "core/common/Errors.h"
#include "core/common/Sha256.h"

namespace tweetlab::experiment {
namespace {

void flatten(const nlohmann::json& j, const std::string& prefix,
             std::map<std::string, nlohmann::json>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items())
      flatten(value, prefix.empty() ? key : prefix + "." + key, out);
  } else {
    out[prefix] = j;
  }
}

// "normalizer.replace_urls: the bundle's true, this run's false; ..." or empty when equal.
std::string differences(const nlohmann::json& bundle, const nlohmann::json& run) {
  std::map<std::string, nlohmann::json> a, b;
  flatten(bundle, "", a);
  flatten(run, "", b);
  for (const auto& [key, value] : a) b.try_emplace(key, nullptr);
  std::string out;
  for (const auto& [key, value] : b) {
    const auto found = a.find(key);
    const auto was = found == a.end() ? nlohmann::json() : found->second;
    if (was == value) continue;
    out += (out.empty() ? "" : "; ") + key + ": the bundle's " + was.dump() + ", this run's " +
           value.dump();
  }
  return out;
}

}  // namespace

nlohmann::json continuedParams(const nlohmann::json& saved, const nlohmann::json& given) {
  auto params = saved.is_object() ? saved : nlohmann::json::object();
  if (given.is_object()) {
    for (const auto& [key, value] : given.items()) params[key] = value;
  }
  return params;
}

InitModel openInitModel(const ExperimentSpec& spec, const nlohmann::json& given) {
  const auto& dir = spec.model.init;
  if (dir.empty()) throw Error("openInitModel: the spec names no bundle to continue from");
  InitModel init;
  init.path = dir;
  std::string device = "auto";
  if (given.is_object() && given.contains("device") && given.at("device").is_string())
    device = given.at("device").get<std::string>();
  auto loaded = bundle::loadBundle(dir, device);
  init.manifest = std::move(loaded.manifest);
  init.digest = Sha256::ofFile(dir / "manifest.json");
  const auto& m = init.manifest;
  if (m.family != spec.model.family) {
    throw InputError("--init: " + dir.string() + " holds a " + m.family + " model, not " +
                     spec.model.family + "; continue it as --model " + m.family +
                     " (a model continues in its own family)");
  }
  const auto preprocessing = differences(m.preprocessing, spec.preprocessing);
  if (!preprocessing.empty()) {
    throw InputError("--init: " + dir.string() + " was trained on differently preprocessed text (" +
                     preprocessing + "); continue it with the bundle's preprocessing");
  }
  loaded.classifier->warmStart(continuedParams(m.params, given));
  init.classifier = std::move(loaded.classifier);
  return init;
}

nlohmann::json InitModel::describe(const std::string& splitDigest) const {
  const auto found = manifest.dataset.find("digest");
  const std::string trainedOn =
      found != manifest.dataset.end() && found->is_string() ? found->get<std::string>() : "";
  nlohmann::json j = {{"path", std::filesystem::absolute(path).lexically_normal().string()},
                      {"digest", digest},
                      {"family", manifest.family},
                      {"name", manifest.name},
                      {"version", manifest.version},
                      {"dataset_digest", trainedOn},
                      {"same_split", !trainedOn.empty() && trainedOn == splitDigest}};
  if (!j["same_split"].get<bool>()) {
    j["warning"] =
        "the bundle was trained on another split of the data (or an unknown one): some of this "
        "run's validation and test tweets may be among its training rows, which flatters the "
        "validation and test numbers";
  }
  return j;
}

}  // namespace tweetlab::experiment
