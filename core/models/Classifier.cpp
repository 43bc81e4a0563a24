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

}  // namespace tweetlab::models
