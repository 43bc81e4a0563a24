#pragma once
// The safetensors format (Hugging Face's model.safetensors), read and written without the Rust
// library: 8 bytes little-endian header length N, N bytes of JSON
// {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}},
// then the raw little-endian tensor bytes, offsets relative to the end of the header.
//
// Includes <torch/torch.h>: for the torch translation units of core/bert only.
#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <string>

namespace tweetlab::bert {

using TensorMap = std::map<std::string, torch::Tensor>;

// Every tensor as float32 (F16/BF16/F64 converted; integer tensors kept as int64).
// FormatError naming the file and tensor for a truncated file, bad header, overlapping or
// out-of-range offsets, or an unknown dtype.
TensorMap readSafeTensors(const std::filesystem::path& file);

// Writes float32 tensors (contiguous copies), names sorted, via a temporary file and rename.
void writeSafeTensors(const std::filesystem::path& file, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace tweetlab::bert
