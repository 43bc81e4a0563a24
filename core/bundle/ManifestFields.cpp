#include "core/bundle/ManifestFields.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "core/bundle/BundleFiles.h"
#include "core/common/Errors.h"
#include "core/text/Utf8.h"

namespace tweetlab::bundle::manifest {
namespace {

using nlohmann::json;

[[noreturn]] void refuse(std::string_view key, const std::string& what) {
  throw FormatError("\"" + std::string(key) + "\" " + what);
}

const json* find(const json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

bool isHexDigest(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string shown(const json& value) {
  // Depth is bounded at parse time, so dump() cannot recurse too far.
  return text::utf8::printable(value.dump(-1, ' ', false, json::error_handler_t::replace), 60);
}

long long integerIn(const json& j, std::string_view key, long long min, long long max) {
  const json* value = find(j, key);
  if (value == nullptr) refuse(key, "is missing");
  const auto range = "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  if (value->is_number_unsigned()) {
    const auto v = value->get<unsigned long long>();
    if (v > static_cast<unsigned long long>(std::numeric_limits<long long>::max()) ||
        static_cast<long long>(v) > max || static_cast<long long>(v) < min) {
      refuse(key, "must be an integer in " + range + ", not " + shown(*value));
    }
    return static_cast<long long>(v);
  }
  if (value->is_number_integer()) {
    const auto v = value->get<long long>();
    if (v < min || v > max)
      refuse(key, "must be an integer in " + range + ", not " + shown(*value));
    return v;
  }
  refuse(key, "must be an integer in " + range + ", not " + shown(*value));
}

double numberIn(const json& j, std::string_view key, double min, double max, double fallback) {
  const json* value = find(j, key);
  if (value == nullptr) return fallback;
  // NaN and infinities are not JSON numbers; a manifest written by hand may say "NaN".
  const double v = value->is_number() ? value->get<double>() : std::nan("");
  if (!std::isfinite(v) || v < min || v > max) {
    char range[64];
    std::snprintf(range, sizeof range, "[%g, %g]", min, max);
    refuse(key, std::string("must be a number in ") + range + ", not " + shown(*value));
  }
  return v;
}

std::string displayText(const json& j, std::string_view key, std::size_t maxChars, bool required) {
  const json* value = find(j, key);
  if (value == nullptr || value->is_null()) {
    if (required) refuse(key, "is missing");
    return {};
  }
  if (!value->is_string()) refuse(key, "must be a string, not " + shown(*value));
  const auto& s = value->get_ref<const std::string&>();
  if (!text::utf8::isPrintable(s)) {
    refuse(key, "holds control characters or invalid UTF-8: " + text::utf8::printable(s, 60));
  }
  std::size_t codePoints = 0;
  for (char c : s) codePoints += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (codePoints > maxChars)
    refuse(key, "is longer than " + std::to_string(maxChars) + " characters");
  if (required && s.empty()) refuse(key, "is empty");
  return s;
}

json objectOr(const json& j, std::string_view key) {
  const json* value = find(j, key);
  if (value == nullptr) return json::object();
  if (!value->is_object()) refuse(key, "must be an object, not " + shown(*value));
  return *value;
}

std::map<int, std::string> labelMap(const json& j, std::string_view key) {
  const json* value = find(j, key);
  if (value == nullptr) refuse(key, "is missing");
  if (!value->is_object()) refuse(key, "must be an object, not " + shown(*value));
  std::map<int, std::string> labels;
  for (const auto& [id, name] : value->items()) {
    if (id != "0" && id != "1") {
      refuse(key,
             "may only name labels \"0\" and \"1\", not \"" + text::utf8::printable(id, 30) + "\"");
    }
    labels[id == "0" ? 0 : 1] = displayText(*value, id, 64, /*required=*/true);
  }
  if (labels.size() != 2) refuse(key, "must name labels \"0\" and \"1\"");
  if (labels[0] == labels[1]) refuse(key, "names both labels \"" + labels[0] + "\"");
  return labels;
}

std::map<std::string, std::string> fileChecksums(const json& j, std::string_view key) {
  const json* value = find(j, key);
  if (value == nullptr) return {};
  if (!value->is_object()) refuse(key, "must be an object, not " + shown(*value));
  std::map<std::string, std::string> sums;
  for (const auto& [path, sum] : value->items()) {
    if (!isPathInside(path)) {
      refuse(key, "lists \"" + text::utf8::printable(path, 60) +
                      "\", which is not a relative path inside the bundle's model folder");
    }
    if (!sum.is_string() || !isHexDigest(sum.get<std::string>())) {
      refuse(key,
             "\"" + path + "\" must be a SHA-256 (64 lowercase hex digits), not " + shown(sum));
    }
    sums[path] = sum.get<std::string>();
  }
  return sums;
}

}  // namespace tweetlab::bundle::manifest
