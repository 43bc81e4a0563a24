#pragma once
// How users name the device a LibTorch model computes on: "auto" (CUDA when the linked LibTorch
// and the machine have it, else the CPU), "cpu", "cuda" (the first GPU, or the rank's own GPU in
// a data-parallel run) or "cuda:N". The same words in the CLI's --device, the spec's
// model.params.device, the Train page, Settings and tweetlab-serve --device. Plain C++: whether
// the device exists is core/train/Devices.h's question (it asks LibTorch).
#include <string>
#include <string_view>

namespace tweetlab::train {

inline constexpr std::string_view kDefaultDevice = "auto";

// InputError "device must be auto, cpu, cuda or cuda:N, not '...'" for anything else.
void validateDeviceName(std::string_view name);
// True for the names that never leave the CPU on a machine without CUDA: "auto" and "cpu".
bool isCpuCompatible(std::string_view name);

}  // namespace tweetlab::train
