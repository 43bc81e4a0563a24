#include "core/bert/TorchPickle.h"

#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <map>
#include <memory>
#include <variant>

#include "core/common/Errors.h"

namespace tweetlab::bert {
namespace {

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Global {
  std::string module, name;
};
struct StorageRef {
  std::string key;
  torch::ScalarType type = torch::kFloat32;
};
struct List {
  std::vector<ValuePtr> items;
};
struct Dict {
  std::vector<std::pair<ValuePtr, ValuePtr>> items;
};
struct Mark {};
struct None {};

struct Value {
  std::variant<None, Mark, bool, std::int64_t, double, std::string, Global, StorageRef, List, Dict,
               torch::Tensor>
      v;
};

ValuePtr make(auto x) {
  auto p = std::make_shared<Value>();
  p->v = std::move(x);
  return p;
}

torch::ScalarType storageType(const std::string& name, const std::string& where) {
  static const std::map<std::string, torch::ScalarType> types{
      {"FloatStorage", torch::kFloat32},     {"HalfStorage", torch::kFloat16},
      {"BFloat16Storage", torch::kBFloat16}, {"DoubleStorage", torch::kFloat64},
      {"LongStorage", torch::kInt64},        {"IntStorage", torch::kInt32},
      {"ShortStorage", torch::kInt16},       {"CharStorage", torch::kInt8},
      {"ByteStorage", torch::kUInt8},        {"BoolStorage", torch::kBool}};
  const auto it = types.find(name);
  if (it == types.end()) throw FormatError(where + ": unsupported storage type torch." + name);
  return it->second;
}

class Machine {
 public:
  Machine(caffe2::serialize::PyTorchStreamReader& archive, std::string where)
      : archive_(archive), where_(std::move(where)) {}

  ValuePtr run(const char* data, std::size_t size) {
    data_ = data;
    size_ = size;
    while (true) {
      const auto op = static_cast<unsigned char>(byte());
      switch (op) {
        case 0x80:
          byte();
          break;  // PROTO
        case 0x95:
          bytes(8);
          break;  // FRAME (protocol 4)
        case '.':
          return pop();  // STOP
        case 'c': {      // GLOBAL
          auto module = line();
          push(make(Global{module, line()}));
          break;
        }
        case 'q':
          memo_[static_cast<unsigned char>(byte())] = top();
          break;  // BINPUT
        case 'r':
          memo_[uint32()] = top();
          break;  // LONG_BINPUT
        case 0x94:
          memo_[memo_.size()] = top();
          break;  // MEMOIZE
        case 'h':
          push(memo(static_cast<unsigned char>(byte())));
          break;  // BINGET
        case 'j':
          push(memo(uint32()));
          break;  // LONG_BINGET
        case '(':
          push(make(Mark{}));
          break;
        case ')':
          push(make(List{}));
          break;  // EMPTY_TUPLE
        case ']':
          push(make(List{}));
          break;  // EMPTY_LIST
        case '}':
          push(make(Dict{}));
          break;  // EMPTY_DICT
        case 't':
          push(make(List{popToMark()}));
          break;  // TUPLE
        case 0x85:
        case 0x86:
        case 0x87: {  // TUPLE1..3
          std::vector<ValuePtr> items(op - 0x84);
          for (auto i = items.size(); i > 0; --i) items[i - 1] = pop();
          push(make(List{items}));
          break;
        }
        case 'a': {  // APPEND
          auto item = pop();
          as<List>(top()).items.push_back(item);
          break;
        }
        case 'e': {  // APPENDS
          auto items = popToMark();
          auto& list = as<List>(top()).items;
          list.insert(list.end(), items.begin(), items.end());
          break;
        }
        case 's': {  // SETITEM
          auto value = pop();
          auto key = pop();
          as<Dict>(top()).items.emplace_back(key, value);
          break;
        }
        case 'u': {  // SETITEMS
          auto items = popToMark();
          auto& dict = as<Dict>(top()).items;
          for (std::size_t i = 0; i + 1 < items.size(); i += 2)
            dict.emplace_back(items[i], items[i + 1]);
          break;
        }
        case 'X':
          push(make(bytes(uint32())));
          break;  // BINUNICODE
        case 0x8c:
          push(make(bytes(static_cast<unsigned char>(byte()))));
          break;  // SHORT_BINUNICODE
        case 'T':
          push(make(bytes(uint32())));
          break;  // BINSTRING
        case 'U':
          push(make(bytes(static_cast<unsigned char>(byte()))));
          break;  // SHORT_BINSTRING
        case 'K':
          push(make(std::int64_t{static_cast<unsigned char>(byte())}));
          break;     // BININT1
        case 'M': {  // BININT2
          const auto low = static_cast<unsigned char>(byte());
          const auto high = static_cast<unsigned char>(byte());
          push(make(std::int64_t{low | (high << 8)}));
          break;
        }
        case 'J':
          push(make(std::int64_t{static_cast<std::int32_t>(uint32())}));
          break;      // BININT
        case 0x8a: {  // LONG1
          const auto n = static_cast<unsigned char>(byte());
          if (n > 8) throw FormatError(where_ + ": integer too large");
          std::uint64_t x = 0;
          for (unsigned i = 0; i < n; ++i)
            x |= static_cast<std::uint64_t>(static_cast<unsigned char>(byte())) << (8 * i);
          if (n > 0 && n < 8 && (x >> (8 * n - 1)) & 1)
            x |= ~std::uint64_t{0} << (8 * n);  // sign-extend
          push(make(static_cast<std::int64_t>(x)));
          break;
        }
        case 'G': {  // BINFLOAT, big-endian
          std::uint64_t bits = 0;
          for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<unsigned char>(byte());
          double d;
          std::memcpy(&d, &bits, 8);
          push(make(d));
          break;
        }
        case 'N':
          push(make(None{}));
          break;
        case 0x88:
          push(make(true));
          break;
        case 0x89:
          push(make(false));
          break;
        case 'Q':
          push(persistent(pop()));
          break;     // BINPERSID
        case 'R': {  // REDUCE
          auto args = pop();
          auto callable = pop();
          push(reduce(callable, args));
          break;
        }
        case 0x81: {  // NEWOBJ
          auto args = pop();
          auto cls = pop();
          push(reduce(cls, args));
          break;
        }
        case 'b':
          pop();
          break;  // BUILD: the state (_metadata) is not needed
        default:
          throw FormatError(where_ + ": unsupported pickle opcode 0x" + hex(op) +
                            " (not a torch.save state dict?)");
      }
    }
  }

 private:
  template <typename T>
  T& as(const ValuePtr& p) {
    if (auto* x = std::get_if<T>(&p->v)) return *x;
    throw FormatError(where_ + ": unexpected pickle structure");
  }
  static std::string hex(unsigned v) {
    const char* digits = "0123456789abcdef";
    return {digits[v >> 4], digits[v & 15]};
  }
  char byte() {
    if (pos_ >= size_) throw FormatError(where_ + ": truncated pickle");
    return data_[pos_++];
  }
  std::string bytes(std::size_t n) {
    if (n > size_ - pos_) throw FormatError(where_ + ": truncated pickle");
    std::string s(data_ + pos_, n);
    pos_ += n;
    return s;
  }
  std::uint32_t uint32() {
    std::uint32_t x = 0;
    for (int i = 0; i < 4; ++i)
      x |= static_cast<std::uint32_t>(static_cast<unsigned char>(byte())) << (8 * i);
    return x;
  }
  std::string line() {
    std::string s;
    for (char c = byte(); c != '\n'; c = byte()) s += c;
    return s;
  }
  void push(ValuePtr v) { stack_.push_back(std::move(v)); }
  ValuePtr pop() {
    if (stack_.empty()) throw FormatError(where_ + ": pickle stack underflow");
    auto v = stack_.back();
    stack_.pop_back();
    return v;
  }
  ValuePtr top() {
    if (stack_.empty()) throw FormatError(where_ + ": pickle stack underflow");
    return stack_.back();
  }
  ValuePtr memo(std::size_t i) {
    const auto it = memo_.find(i);
    if (it == memo_.end())
      throw FormatError(where_ + ": pickle memo " + std::to_string(i) + " unset");
    return it->second;
  }
  std::vector<ValuePtr> popToMark() {
    std::vector<ValuePtr> items;
    while (true) {
      auto v = pop();
      if (std::holds_alternative<Mark>(v->v)) break;
      items.push_back(std::move(v));
    }
    return {items.rbegin(), items.rend()};
  }

  // ('storage', torch.FloatStorage, key, location, numel) -> the storage's record and type.
  ValuePtr persistent(const ValuePtr& id) {
    const auto& t = as<List>(id).items;
    if (t.size() < 3 || as<std::string>(t[0]) != "storage")
      throw FormatError(where_ + ": unknown persistent id");
    const auto& type = as<Global>(t[1]);
    return make(StorageRef{as<std::string>(t[2]), storageType(type.name, where_)});
  }

  ValuePtr reduce(const ValuePtr& callable, const ValuePtr& args) {
    const auto& g = as<Global>(callable);
    if (g.module == "collections" && g.name == "OrderedDict") return make(Dict{});
    if (g.module == "torch._utils" &&
        (g.name == "_rebuild_tensor_v2" || g.name == "_rebuild_tensor")) {
      return make(rebuildTensor(as<List>(args).items));
    }
    if (g.module == "torch._utils" && g.name == "_rebuild_parameter")
      return as<List>(args).items.at(0);
    throw FormatError(where_ + ": unsupported pickled object " + g.module + "." + g.name);
  }

  std::vector<std::int64_t> ints(const ValuePtr& p) {
    std::vector<std::int64_t> out;
    for (const auto& item : as<List>(p).items) out.push_back(as<std::int64_t>(item));
    return out;
  }

  // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, ...)
  torch::Tensor rebuildTensor(const std::vector<ValuePtr>& a) {
    if (a.size() < 4) throw FormatError(where_ + ": malformed tensor");
    const auto& ref = as<StorageRef>(a[0]);
    const auto offset = as<std::int64_t>(a[1]);
    const auto sizes = ints(a[2]);
    const auto strides = ints(a[3]);
    auto& storage = storages_[ref.key];
    if (!storage.defined()) {
      auto [data, bytesRead] = archive_.getRecord("data/" + ref.key);
      const auto element = c10::elementSize(ref.type);
      storage = torch::empty({static_cast<std::int64_t>(bytesRead / element)},
                             torch::TensorOptions().dtype(ref.type));
      std::memcpy(storage.data_ptr(), data.get(), bytesRead);
    }
    std::int64_t needed = offset + 1;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      if (sizes[i] == 0) needed = 0;
      needed += sizes[i] > 0 ? (sizes[i] - 1) * strides.at(i) : 0;
    }
    if (needed > storage.numel())
      throw FormatError(where_ + ": tensor exceeds its storage data/" + ref.key);
    return storage.as_strided(sizes, strides, offset).clone();
  }

  caffe2::serialize::PyTorchStreamReader& archive_;
  std::string where_;
  const char* data_ = nullptr;
  std::size_t size_ = 0, pos_ = 0;
  std::vector<ValuePtr> stack_;
  std::map<std::size_t, ValuePtr> memo_;
  std::map<std::string, torch::Tensor> storages_;
};

}  // namespace

TensorMap readTorchStateDict(const std::filesystem::path& file) {
  const auto where = file.string();
  if (!std::filesystem::exists(file)) throw IoError("cannot read " + where);
  try {
    caffe2::serialize::PyTorchStreamReader archive(where);
    auto [data, size] = archive.getRecord("data.pkl");
    Machine machine(archive, where);
    const auto root = machine.run(static_cast<const char*>(data.get()), size);
    const auto* dict = std::get_if<Dict>(&root->v);
    if (dict == nullptr) throw FormatError(where + ": holds no dictionary of tensors");
    TensorMap tensors;
    for (const auto& [key, value] : dict->items) {
      const auto* name = std::get_if<std::string>(&key->v);
      const auto* tensor = std::get_if<torch::Tensor>(&value->v);
      if (name == nullptr || tensor == nullptr) continue;
      tensors.emplace(*name, tensor->is_floating_point() ? tensor->to(torch::kFloat32) : *tensor);
    }
    return tensors;
  } catch (const c10::Error& e) {
    throw FormatError(where +
                      ": not a torch.save zip archive (PyTorch >= 1.6 writes one; re-save the "
                      "legacy format or use model.safetensors): " +
                      e.what_without_backtrace());
  }
}

}  // namespace tweetlab::bert
