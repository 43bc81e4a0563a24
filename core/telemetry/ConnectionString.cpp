#include "core/telemetry/ConnectionString.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "core/common/Errors.h"

namespace tweetlab::telemetry {
namespace {

constexpr std::size_t kMaxLength = 4096;

std::string trim(std::string_view s) {
  const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  const auto* begin = std::find_if(s.begin(), s.end(), notSpace);
  const auto* end = std::find_if(s.rbegin(), std::make_reverse_iterator(begin), notSpace).base();
  return std::string(begin, end);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string checkedEndpoint(std::string url, const std::string& key) {
  const auto lowered = lower(url);
  const bool http = lowered.rfind("http://", 0) == 0;
  const bool https = lowered.rfind("https://", 0) == 0;
  const std::size_t hostStart = https ? 8 : 7;
  if ((!http && !https) || url.size() <= hostStart || url[hostStart] == '/') {
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

ConnectionString ConnectionString::parse(std::string_view text) {
  if (trim(text).empty()) throw InputError("connection string is empty");
  if (text.size() > kMaxLength) {
    throw InputError("connection string is " + std::to_string(text.size()) +
                     " characters long; at most 4096 are allowed");
  }
  std::map<std::string, std::string> values;  // lower-cased key -> value
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find(';', pos), text.size());
    const std::string_view segment = text.substr(pos, end - pos);
    pos = end + 1;
    if (trim(segment).empty()) continue;  // "a=b;" and "a=b;;c=d" are fine
    const std::size_t eq = segment.find('=');
    if (eq == std::string_view::npos) {
      throw InputError("connection string: segment '" + trim(segment) + "' is not key=value");
    }
    const std::string key = trim(segment.substr(0, eq));
    if (key.empty()) {
      throw InputError("connection string: segment '" + trim(segment) + "' has an empty key");
    }
    if (!values.emplace(lower(key), trim(segment.substr(eq + 1))).second) {
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
