#pragma once
// Reads a state dict written by Python's torch.save (the zip format every PyTorch since 1.6
// writes; Hugging Face's pytorch_model.bin). LibTorch's own torch::pickle_load cannot: it turns
// collections.OrderedDict, the type of every state_dict(), into None. This is a small pickle
// machine for exactly what torch.save emits (protocol 2; 4 accepted): dicts/OrderedDicts of
// names to tensors rebuilt by torch._utils._rebuild_tensor_v2 over storages kept in the
// archive's data/ records.
#include <filesystem>

#include "core/bert/SafeTensors.h"

namespace tweetlab::bert {

// Every tensor (floating point as float32). FormatError naming the file for anything else:
// the legacy non-zip format, unknown pickle opcodes or globals, storages that do not fit.
TensorMap readTorchStateDict(const std::filesystem::path& file);

}  // namespace tweetlab::bert
