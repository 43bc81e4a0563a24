#include "core/common/Sha256.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "core/common/Errors.h"
#include "core/common/RegularFile.h"

namespace tweetlab {

struct Sha256::State {
  EVP_MD_CTX* ctx = nullptr;
  ~State() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
  state_->ctx = EVP_MD_CTX_new();
  if (state_->ctx == nullptr || EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr) != 1) {
    throw Error("SHA-256: OpenSSL could not initialise a digest context");
  }
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  EVP_DigestUpdate(state_->ctx, bytes.data(), bytes.size());
}

std::string Sha256::hexDigest() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(state_->ctx, digest.data(), &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

std::string Sha256::of(std::string_view bytes) {
  Sha256 sha;
  sha.update(bytes);
  return sha.hexDigest();
}

std::string Sha256::ofFile(const std::filesystem::path& file) {
  RegularFile in(file);  // a FIFO or /dev/zero would never end
  Sha256 sha;
  std::array<char, 1 << 16> buffer{};
  // Up to the size it had when opened: a file that keeps growing cannot keep us here either.
  for (std::uint64_t left = in.size(); left > 0;) {
    const auto got = in.read(
        buffer.data(), static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size())));
    if (got == 0) break;
    sha.update(std::string_view(buffer.data(), got));
    left -= got;
  }
  return sha.hexDigest();
}

}  // namespace tweetlab
