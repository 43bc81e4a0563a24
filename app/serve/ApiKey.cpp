#include "app/serve/ApiKey.h"

#include <openssl/crypto.h>

#include "core/common/Sha256.h"

namespace tweetlab::serve {

ApiKeyCheck::ApiKeyCheck(std::string_view expectedKey) {
  if (!expectedKey.empty()) expectedDigest_ = Sha256::of(expectedKey);
}

bool ApiKeyCheck::accepts(std::string_view presentedKey) const {
  if (!enabled()) return true;
  const std::string presented = Sha256::of(presentedKey);
  return presented.size() == expectedDigest_.size() &&
         CRYPTO_memcmp(presented.data(), expectedDigest_.data(), presented.size()) == 0;
}

}  // namespace tweetlab::serve
