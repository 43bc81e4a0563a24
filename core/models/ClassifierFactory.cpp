// The registry of model families: the one place that knows every concrete Classifier.
#include <functional>
#include <map>

#include "core/common/Errors.h"
#include "core/models/BertClassifier.h"
#include "core/models/Classifier.h"
#include "core/models/DeepClassifier.h"
#include "core/models/FastTextClassifier.h"
#include "core/models/LogisticRegressionClassifier.h"

namespace tweetlab::models {
namespace {

using Factory = std::function<std::unique_ptr<Classifier>(const nlohmann::json&)>;

const std::vector<std::pair<std::string, Factory>>& registry() {
  static const std::vector<std::pair<std::string, Factory>> families{
      {"logreg",
       [](const nlohmann::json& p) {
         return std::make_unique<LogisticRegressionClassifier>(logisticRegressionParamsFrom(p));
       }},
      {"fasttext",
       [](const nlohmann::json& p) {
         return std::make_unique<FastTextClassifier>(fastTextParamsFrom(p));
       }},
      {"cnn",
       [](const nlohmann::json& p) {
         return std::make_unique<DeepClassifier>(deepParamsFrom(p, DeepArchitecture::Cnn));
       }},
      {"bilstm",
       [](const nlohmann::json& p) {
         return std::make_unique<DeepClassifier>(deepParamsFrom(p, DeepArchitecture::BiLstm));
       }},
      {"bert",
       [](const nlohmann::json& p) { return std::make_unique<BertClassifier>(bertParamsFrom(p)); }},
  };
  return families;
}

}  // namespace

std::vector<std::string> classifierFamilies() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : registry()) names.push_back(name);
  return names;
}

std::unique_ptr<Classifier> makeClassifier(std::string_view family, const nlohmann::json& params) {
  for (const auto& [name, factory] : registry()) {
    if (name == family) return factory(params.is_null() ? nlohmann::json::object() : params);
  }
  std::string known;
  for (const auto& name : classifierFamilies()) known += (known.empty() ? "" : ", ") + name;
  throw InputError("unknown model family '" + std::string(family) + "' (known: " + known + ")");
}

}  // namespace tweetlab::models
