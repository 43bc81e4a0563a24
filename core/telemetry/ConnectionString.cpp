#include "core/telemetry/ConnectionString.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <map>

#include "core/common/AsciiCase.h"
#include "core/common/Errors.h"

namespace tweetlab::telemetry {
namespace {

constexpr std::size_t kMaxLength = 4096;

// The fields Microsoft documents for connection strings (lower-cased). Anything else is a typo
// or a pasted fragment, and silently ignoring it is how a string "works" against the wrong
// resource.
constexpr std::array<const char*, 10> kKnownFields{
    "instrumentationkey", "ingestionendpoint", "liveendpoint",  "endpointsuffix",
    "location",           "applicationid",     "authorization", "aadaudience",
    "profilerendpoint",   "snapshotendpoint"};

std::string trim(std::string_view s) {
  const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  const auto* begin = std::find_if(s.begin(), s.end(), notSpace);
  const auto* end = std::find_if(s.rbegin(), std::make_reverse_iterator(begin), notSpace).base();
  return std::string(begin, end);
}

bool isGuid(std::string_view s) {
  // 8-4-4-4-12 hex digits, the shape of every instrumentation key the portal hands out.
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// A segment of the string as an error message may show it: the first characters only, so a key
// pasted in the wrong place is never printed whole.
std::string shown(std::string_view segment) {
  const auto t = trim(segment);
  if (t.size() <= 4) return "'" + t + "'";
  return "'" + t.substr(0, 4) + "…' (" + std::to_string(t.size()) + " characters)";
}

std::string checkedEndpoint(std::string url, const std::string& key) {
  const auto lowered = asciiLowered(url);
  const bool http = lowered.rfind("http://", 0) == 0;
  const bool https = lowered.rfind("https://", 0) == 0;
  const std::size_t hostStart = https ? 8 : 7;
  if ((!http && !https) || url.size() <= hostStart || url[hostStart] == '/' ||
      url.find_first_of(" ,;") != std::string::npos) {
    throw InputError("connection string: " + key + " '" + url + "' is not an http(s)://host URL");
  }
  // The SDKs drop one trailing '/' before appending /v2.1/track.
  if (url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::string ConnectionString::trackUrl() const {
  return ingestionEndpoint + "/v2.1/track";
}

std::string ConnectionString::maskedKey() const {
  return maskInstrumentationKey(instrumentationKey);
}

std::string maskInstrumentationKey(std::string_view key) {
  if (key.size() <= 4) return std::string(key.size(), '*');
  return std::string(key.substr(0, 4)) + std::string(key.size() - 4, '*');
}

ConnectionString ConnectionString::parse(std::string_view text) {
  if (trim(text).empty()) throw InputError("connection string is empty");
  if (text.size() > kMaxLength) {
    throw InputError("connection string is " + std::to_string(text.size()) +
                     " characters long; at most 4096 are allowed");
  }
  std::map<std::string, std::string> values;  // lower-cased key -> value
  std::size_t pos = 0;
  std::size_t index = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find(';', pos), text.size());
    const std::string_view segment = text.substr(pos, end - pos);
    pos = end + 1;
    if (trim(segment).empty()) continue;  // "a=b;" and "a=b;;c=d" are fine
    ++index;
    const std::size_t eq = segment.find('=');
    if (eq == std::string_view::npos) {
      const auto what = isGuid(trim(segment)) ? std::string(
                                                    " looks like a bare instrumentation key; write "
                                                    "InstrumentationKey=<key>")
                                              : std::string(" is not key=value");
      throw InputError("connection string: part " + std::to_string(index) + " " + shown(segment) +
                       what + " (the portal's string is key=value pairs separated by ';')");
    }
    const std::string key = trim(segment.substr(0, eq));
    if (key.empty()) {
      throw InputError("connection string: part " + std::to_string(index) + " has an empty key");
    }
    if (std::find(kKnownFields.begin(), kKnownFields.end(), asciiLowered(key)) ==
        kKnownFields.end()) {
      throw InputError("connection string: unknown field '" + key.substr(0, 40) +
                       "' (known: InstrumentationKey, IngestionEndpoint, LiveEndpoint, "
                       "EndpointSuffix, Location, ApplicationId, Authorization, AADAudience, "
                       "ProfilerEndpoint, SnapshotEndpoint)");
    }
    if (!values.emplace(asciiLowered(key), trim(segment.substr(eq + 1))).second) {
      throw InputError("connection string: key '" + key + "' appears twice");
    }
  }
  const auto value = [&](const char* key) {
    const auto it = values.find(key);
    return it == values.end() ? std::string() : it->second;
  };

  ConnectionString result;
  result.instrumentationKey = value("instrumentationkey");
  if (result.instrumentationKey.empty()) {
    throw InputError("connection string: InstrumentationKey is missing");
  }
  if (!isGuid(result.instrumentationKey)) {
    const bool comma = result.instrumentationKey.find(',') != std::string::npos;
    throw InputError("connection string: InstrumentationKey " + shown(result.instrumentationKey) +
                     " is not a GUID (8-4-4-4-12 hex digits)" +
                     (comma ? "; fields are separated by ';', not ','" : ""));
  }
  if (const auto endpoint = value("ingestionendpoint"); !endpoint.empty()) {
    result.ingestionEndpoint = checkedEndpoint(endpoint, "IngestionEndpoint");
  } else if (auto suffix = value("endpointsuffix"); !suffix.empty()) {
    while (!suffix.empty() && (suffix.front() == '.' || suffix.front() == '/')) suffix.erase(0, 1);
    while (!suffix.empty() && (suffix.back() == '.' || suffix.back() == '/')) suffix.pop_back();
    const auto location = value("location");
    result.ingestionEndpoint = checkedEndpoint(
        "https://" + (location.empty() ? "" : location + ".") + "dc." + suffix, "EndpointSuffix");
  } else {
    result.ingestionEndpoint = kDefaultIngestionEndpoint;
  }
  if (const auto live = value("liveendpoint"); !live.empty()) checkedEndpoint(live, "LiveEndpoint");
  return result;
}

ConnectionString ConnectionString::fromEnvironment() {
  const char* text = std::getenv(kConnectionStringVariable);
  if (text == nullptr || trim(text).empty()) {
    throw InputError(std::string(kConnectionStringVariable) + " is not set");
  }
  return parse(text);
}

}  // namespace tweetlab::telemetry
