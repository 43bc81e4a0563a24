#include "core/train/DeviceName.h"

#include <cctype>

#include "core/common/Errors.h"

namespace tweetlab::train {

void validateDeviceName(std::string_view name) {
  if (name == "auto" || name == "cpu" || name == "cuda") return;
  constexpr std::string_view prefix = "cuda:";
  if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix &&
      name.size() - prefix.size() <= 3) {
    bool digits = true;
    for (char c : name.substr(prefix.size()))
      digits = digits && std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (digits) return;
  }
  throw InputError("device must be auto, cpu, cuda or cuda:N, not '" + std::string(name) + "'");
}

bool isCpuCompatible(std::string_view name) {
  return name == "auto" || name == "cpu";
}

}  // namespace tweetlab::train
