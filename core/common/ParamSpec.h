#pragma once
// What a model family says about each of its hyper-parameters, next to its defaults, so that a
// form (the workbench's ParamsForm) can be generated from data instead of a switch on the family:
// a one-line description, the group it belongs to, whether it is basic or advanced, the valid
// range of a number, the choices of a string, and when the parameter is used at all (logreg's C
// only without cross-validation). The value's type comes from the family's default parameters.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab {

enum class ParamGroup { Data, Network, Optimiser, EarlyStopping, Compute };

inline std::string_view toString(ParamGroup group) {
  switch (group) {
    case ParamGroup::Data:
      return "data";
    case ParamGroup::Network:
      return "network";
    case ParamGroup::Optimiser:
      return "optimiser";
    case ParamGroup::EarlyStopping:
      return "early stopping";
    case ParamGroup::Compute:
      break;
  }
  return "compute";
}

struct ParamSpec {
  std::string key;  // dotted for nested objects: "tfidf.min_df"
  std::string description;
  ParamGroup group = ParamGroup::Network;
  bool advanced = false;
  std::optional<double> min, max;    // numbers (and each number of a list)
  std::vector<std::string> choices;  // strings: the values offered
  bool otherChoices = false;         // other values are valid too (glove:PATH, cuda:1)
  enum class Path { None, File, Directory } path = Path::None;
  // Used only while the parameter `usedWhileKey` is below `usedWhileBelow` (logreg's C while cv
  // < 2); `unusedNote` says what decides instead.
  std::string usedWhileKey;
  double usedWhileBelow = 0;
  std::string unusedNote;
};

using ParamSpecs = std::vector<ParamSpec>;

inline const ParamSpec* findParamSpec(const ParamSpecs& specs, std::string_view key) {
  for (const auto& spec : specs)
    if (spec.key == key) return &spec;
  return nullptr;
}

}  // namespace tweetlab
