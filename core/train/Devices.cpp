#include "core/train/Devices.h"

#include <ATen/Context.h>
#include <torch/cuda.h>

#include <algorithm>
#include <cstdlib>

#include "core/common/Errors.h"
#include "core/train/DeviceName.h"

namespace tweetlab::train {
namespace {

int cudaDevices() {
  return at::hasCUDA() ? static_cast<int>(torch::cuda::device_count()) : 0;
}

// Why there is no CUDA device, for the error a user sees.
std::string whyNoCuda() {
  if (!at::hasCUDA()) {
    return "this TweetLab is linked against a LibTorch built without CUDA (Debian's libtorch is "
           "CPU-only); build against LibTorch with CUDA (docs/install.md) or use --device cpu";
  }
  const char* visible = std::getenv("CUDA_VISIBLE_DEVICES");
  return std::string("LibTorch has CUDA but sees no GPU") +
         (visible ? std::string(" (CUDA_VISIBLE_DEVICES=") + visible + ")" : std::string()) +
         "; check the driver (nvidia-smi) or use --device cpu";
}

}  // namespace

std::string resolveDevice(std::string_view name, int localRank) {
  validateDeviceName(name);
  if (name == "cpu") return "cpu";
  const int count = cudaDevices();
  if (name == "auto") {
    return count > 0 ? "cuda:" + std::to_string(std::max(0, localRank) % count) : "cpu";
  }
  if (count == 0) throw InputError("device " + std::string(name) + ": " + whyNoCuda());
  if (name == "cuda") return "cuda:" + std::to_string(std::max(0, localRank) % count);
  const int index = std::atoi(std::string(name.substr(5)).c_str());
  if (index >= count) {
    throw InputError("device " + std::string(name) + ": this machine has " + std::to_string(count) +
                     " CUDA device" + (count == 1 ? "" : "s") + " (cuda:0" +
                     (count > 1 ? "..cuda:" + std::to_string(count - 1) : "") + ")");
  }
  return std::string(name);
}

std::vector<std::string> availableDevices() {
  std::vector<std::string> out{"cpu"};
  for (int i = 0; i < cudaDevices(); ++i) out.push_back("cuda:" + std::to_string(i));
  return out;
}

std::string deviceSummary() {
  const auto devices = availableDevices();
  std::string line;
  for (const auto& d : devices) line += (line.empty() ? "" : ", ") + d;
  if (!at::hasCUDA()) return line + " (CUDA: not in this LibTorch, a CPU-only build)";
  if (devices.size() == 1) return line + " (CUDA: in this LibTorch, but no GPU visible)";
  return line + " (CUDA: " + std::to_string(devices.size() - 1) + " device" +
         (devices.size() == 2 ? "" : "s") + ")";
}

}  // namespace tweetlab::train
