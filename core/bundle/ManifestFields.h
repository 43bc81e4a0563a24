#pragma once
// Reading a bundle manifest's fields strictly. A manifest may come from anywhere (a download, a
// colleague, an attacker), so every value is checked for type and range before it is used, and
// every failure is a FormatError naming the field and showing the value (short and printable).
// One function per kind of field, so that a new field (a calibration map, say) is read the same
// way as the others.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tweetlab::bundle::manifest {

// A value as shown in messages: compact JSON, printable, at most ~60 characters.
std::string shown(const nlohmann::json& value);

// Required integer in [min, max]: refuses 1.9, "1", -1 (when min is 0 or more) and values that
// do not fit.
long long integerIn(const nlohmann::json& j, std::string_view key, long long min, long long max);

// Optional finite number in [min, max]; `fallback` when the key is absent.
double numberIn(const nlohmann::json& j, std::string_view key, double min, double max,
                double fallback);

// A string that is safe to print on a terminal: valid UTF-8, no control characters, at most
// `maxChars` code points. Absent: "" when not required, FormatError when required.
std::string displayText(const nlohmann::json& j, std::string_view key, std::size_t maxChars,
                        bool required = false);

// Optional object; {} when absent, FormatError when something else.
nlohmann::json objectOr(const nlohmann::json& j, std::string_view key);

// "label_map": exactly the labels 0 and 1, each named by display text of at most 64 characters.
std::map<int, std::string> labelMap(const nlohmann::json& j, std::string_view key);

// "files": relative paths inside the bundle's model/ folder -> SHA-256 as 64 lowercase hex
// digits. A path that could leave the folder is refused here, before any file is touched.
std::map<std::string, std::string> fileChecksums(const nlohmann::json& j, std::string_view key);

}  // namespace tweetlab::bundle::manifest
