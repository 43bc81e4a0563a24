#pragma once
// API-key check for /predict and /feedback.
#include <string>
#include <string_view>

namespace tweetlab::serve {

class ApiKeyCheck {
 public:
  // An empty key disables the check.
  explicit ApiKeyCheck(std::string_view expectedKey);

  bool enabled() const { return !expectedDigest_.empty(); }
  // Compares SHA-256 digests with CRYPTO_memcmp: the time taken depends neither on where the
  // presented key first differs nor on its length, so timing cannot reveal the key.
  bool accepts(std::string_view presentedKey) const;

 private:
  std::string expectedDigest_;
};

}  // namespace tweetlab::serve
