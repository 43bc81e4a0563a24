#pragma once
// Incremental SHA-256 (OpenSSL underneath) for dataset digests and artifact checksums.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace tweetlab {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // Lower-case hex digest; the object must not be updated afterwards.
  std::string hexDigest();

  static std::string of(std::string_view bytes);
  static std::string ofFile(const std::filesystem::path& file);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace tweetlab
