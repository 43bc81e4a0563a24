#include "core/sources/SourceSpec.h"

#include <cmath>

#include "core/common/Errors.h"
#include "core/common/Numbers.h"
#include "core/eval/SetEvaluation.h"

namespace tweetlab::sources {

void validateWeight(double weight, const std::string& what) {
  if (!(weight > 0.0 && weight <= 1000.0) || !std::isfinite(weight)) {
    throw InputError("the weight of " + what + " must be a number > 0 and <= 1000, not " +
                     formatDouble(weight));
  }
}

SourceSpec parseSourceArgument(const std::string& argument) {
  if (argument.empty()) throw InputError("--add needs FILE or FILE:WEIGHT");
  SourceSpec spec;
  spec.path = argument;
  const auto colon = argument.rfind(':');
  if (colon != std::string::npos && colon + 1 < argument.size()) {
    if (const auto weight = parseDouble(argument.substr(colon + 1))) {
      spec.path = argument.substr(0, colon);
      spec.weight = *weight;
    }
  }
  if (spec.path.empty()) throw InputError("--add '" + argument + "' names no file");
  validateWeight(spec.weight, spec.path.string());
  return spec;
}

EvalSetSpec parseEvalArgument(const std::string& argument) {
  const auto eq = argument.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == argument.size()) {
    throw InputError("--eval expects NAME=FILE (e.g. target=airline.csv), not '" + argument + "'");
  }
  EvalSetSpec spec;
  spec.name = argument.substr(0, eq);
  spec.path = argument.substr(eq + 1);
  eval::validateSetName(spec.name);
  return spec;
}

}  // namespace tweetlab::sources
