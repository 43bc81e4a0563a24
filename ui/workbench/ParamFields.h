#pragma once
// One editor per hyper-parameter, chosen by the default value's type and the family's spec
// (core/common/ParamSpec.h): a check box for a flag, a spin box for a whole number, a checked
// field for a real number or a list of numbers (ranges enforced, the message names the
// parameter), a drop-down for a string with choices, and a field with a browse button for a
// file or directory. ParamsForm lays them out.
#include <QString>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/common/ParamSpec.h"

class QWidget;

namespace tweetlab::ui {

struct ParamField {
  QWidget* widget = nullptr;  // what goes into the form row
  QWidget* editor = nullptr;  // the control itself (enabled/disabled, object name param_<key>)
  std::function<nlohmann::json()> read;  // InputError naming the parameter when invalid
  std::function<void(const nlohmann::json&)> write;
};

// `spec` may be null (a parameter the family does not describe): a plain editor by type.
ParamField makeParamField(const std::string& dottedKey, const nlohmann::json& value,
                          const ParamSpec* spec, QWidget* dialogParent);

}  // namespace tweetlab::ui
