#pragma once
// Which devices this build's LibTorch and this machine offer, and what a device name
// (core/train/DeviceName.h) means here. The header is plain C++ (the GUI lists the devices);
// the definitions ask LibTorch, in TweetLab::train.
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::train {

// "cpu" or "cuda:N" for a device name. "auto" is CUDA's first device (or `localRank`'s, modulo
// the device count) when CUDA is usable, else "cpu"; "cuda" is the same but never falls back.
// InputError saying why when CUDA is asked for and missing: this LibTorch was built without it,
// or no GPU is visible, or cuda:N is past the last device. Cheap: called when a model is set up,
// before any data is loaded.
std::string resolveDevice(std::string_view name, int localRank = 0);

// Every device a model can be placed on here: "cpu" first, then "cuda:0", "cuda:1", ...
std::vector<std::string> availableDevices();

// One line for --version and logs: "cpu; CUDA: not in this LibTorch (CPU-only build)" or
// "cpu, cuda:0, cuda:1 (CUDA 11.8, 2 devices)".
std::string deviceSummary();

}  // namespace tweetlab::train
