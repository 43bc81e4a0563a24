#pragma once
// The hyper-parameters of every model family described for people (core/common/ParamSpec.h):
// the workbench's parameter form is generated from a family's default parameters and these
// specs, never from a switch on the family. Kept next to the registry of families; a parameter
// without a spec still gets a plain field.
#include <string_view>

#include "core/common/ParamSpec.h"

namespace tweetlab::models {

// The specs of `family` ("logreg", "fasttext", "cnn", "bilstm", "bert"); empty for an unknown one.
ParamSpecs classifierParamSpecs(std::string_view family);

}  // namespace tweetlab::models
