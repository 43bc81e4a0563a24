#include "core/bert/SafeTensors.h"

#include <bit>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/Errors.h"
#include "core/common/Json.h"

namespace tweetlab::bert {
namespace {

static_assert(std::endian::native == std::endian::little,
              "safetensors data is little-endian; this reader copies bytes as they are");

struct DType {
  torch::ScalarType type;
  std::size_t bytes;
};

DType dtypeOf(const std::string& name, const std::string& where) {
  if (name == "F32") return {torch::kFloat32, 4};
  if (name == "F16") return {torch::kFloat16, 2};
  if (name == "BF16") return {torch::kBFloat16, 2};
  if (name == "F64") return {torch::kFloat64, 8};
  if (name == "I64") return {torch::kInt64, 8};
  if (name == "I32") return {torch::kInt32, 4};
  if (name == "I16") return {torch::kInt16, 2};
  if (name == "I8") return {torch::kInt8, 1};
  if (name == "U8") return {torch::kUInt8, 1};
  if (name == "BOOL") return {torch::kBool, 1};
  throw FormatError(where + ": unsupported dtype " + name);
}

}  // namespace

TensorMap readSafeTensors(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError("cannot read " + file.string());
  const auto where = file.string();
  const auto fileSize = std::filesystem::file_size(file);
  std::uint64_t headerSize = 0;
  if (fileSize < 8 || !in.read(reinterpret_cast<char*>(&headerSize), 8)) {
    throw FormatError(where + ": too short to be a safetensors file");
  }
  if (headerSize > fileSize - 8 || headerSize > (100u << 20)) {
    throw FormatError(where + ": header length " + std::to_string(headerSize) +
                      " does not fit the file (not a safetensors file?)");
  }
  std::string headerText(headerSize, '\0');
  in.read(headerText.data(), static_cast<std::streamsize>(headerSize));
  const auto header = parseJson(headerText, where + ": header");
  if (!header.is_object()) throw FormatError(where + ": header is not a JSON object");
  // Each tensor is read straight into its own storage: a 440 MB checkpoint never sits in
  // memory twice.
  const std::uint64_t dataStart = 8 + headerSize;
  const std::uint64_t dataSize = fileSize - dataStart;

  TensorMap tensors;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__") continue;
    const auto at = where + ": tensor " + name;
    try {
      const auto dtype = dtypeOf(info.at("dtype").get<std::string>(), at);
      const auto shape = info.at("shape").get<std::vector<std::int64_t>>();
      const auto offsets = info.at("data_offsets").get<std::vector<std::uint64_t>>();
      if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > dataSize) {
        throw FormatError(at + ": data_offsets outside the data");
      }
      std::uint64_t count = 1;
      for (auto d : shape) {
        if (d < 0) throw FormatError(at + ": negative dimension");
        count *= static_cast<std::uint64_t>(d);
      }
      if (count * dtype.bytes != offsets[1] - offsets[0]) {
        throw FormatError(at + ": shape and data_offsets disagree");
      }
      auto tensor = torch::empty(shape, torch::TensorOptions().dtype(dtype.type));
      if (count > 0) {
        in.seekg(static_cast<std::streamoff>(dataStart + offsets[0]));
        if (!in.read(static_cast<char*>(tensor.data_ptr()),
                     static_cast<std::streamsize>(offsets[1] - offsets[0]))) {
          throw FormatError(at + ": truncated tensor data");
        }
      }
      if (tensor.is_floating_point()) {
        tensor = tensor.to(torch::kFloat32);
      } else if (dtype.type != torch::kBool) {
        tensor = tensor.to(torch::kInt64);
      }
      tensors.emplace(name, std::move(tensor));
    } catch (const nlohmann::json::exception& e) {
      throw FormatError(at + ": " + e.what());
    }
  }
  return tensors;
}

void writeSafeTensors(const std::filesystem::path& file, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> ordered;
  std::uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    auto t = tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    const auto bytes = static_cast<std::uint64_t>(t.numel()) * 4;
    header[name] = {
        {"dtype", "F32"}, {"shape", t.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    ordered.push_back(std::move(t));
  }
  auto headerText = header.dump();
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  headerText.append((8 - headerText.size() % 8) % 8, ' ');
  std::string out;
  out.reserve(8 + headerText.size() + offset);
  const std::uint64_t headerSize = headerText.size();
  out.append(reinterpret_cast<const char*>(&headerSize), 8);
  out += headerText;
  for (const auto& t : ordered) {
    out.append(static_cast<const char*>(t.data_ptr()), static_cast<std::size_t>(t.numel()) * 4);
  }
  writeFileAtomically(file, out);
}

}  // namespace tweetlab::bert
