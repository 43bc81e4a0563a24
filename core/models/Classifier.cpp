#include "core/models/Classifier.h"

#include "core/common/Errors.h"
#include "core/train/DeviceName.h"

namespace tweetlab::models {

void Classifier::setDevice(std::string_view device) {
  train::validateDeviceName(device);
  if (!train::isCpuCompatible(device)) {
    throw InputError(family() + " computes on the CPU only (device auto or cpu), not '" +
                     std::string(device) + "'; cnn, bilstm and bert run on CUDA");
  }
}

void Classifier::setProcessGroup(std::shared_ptr<train::ProcessGroup> group) {
  if (group) {
    throw InputError(family() +
                     " does not train data-parallel (--distributed): cnn, bilstm and bert do");
  }
}

void Classifier::warmStart(const nlohmann::json&) {
  throw InputError(family() + " cannot continue from an existing model (--init); train it afresh");
}

void requireSameSettings(const std::string& family, const nlohmann::json& saved,
                         const nlohmann::json& continued, std::span<const char* const> keys) {
  for (const char* key : keys) {
    const auto was = saved.is_object() && saved.contains(key) ? saved.at(key) : nlohmann::json();
    const auto now =
        continued.is_object() && continued.contains(key) ? continued.at(key) : nlohmann::json();
    if (was == now) continue;
    throw InputError("--init: the bundle's " + family + " model has " + key + "=" + was.dump() +
                     ", this run asks for " + key + "=" + now.dump() +
                     ": continuing keeps what the model is made of; drop that setting, or train "
                     "afresh without --init");
  }
}

}  // namespace tweetlab::models
