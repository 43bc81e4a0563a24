#pragma once
// Application Insights connection strings, parsed the way Microsoft's SDKs do
// (tests/data/appinsights/PROTOCOL.md, "Connection string"):
//   key=value pairs separated by ';', keys case-insensitive, at most 4,096 characters,
//   InstrumentationKey required; IngestionEndpoint wins over EndpointSuffix[+Location], and
//   without either ingestion goes to https://dc.services.visualstudio.com.
// Stricter than the SDKs where they fail silently: the key must be a GUID and only the documented
// fields are allowed, so a bare key, "InstrumentationKey <key>" or ',' between fields is refused
// with a message saying so instead of sending to the wrong place. Messages never hold the key.
#include <string>
#include <string_view>

namespace tweetlab::telemetry {

inline constexpr const char* kConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";
inline constexpr const char* kDefaultIngestionEndpoint = "https://dc.services.visualstudio.com";

struct ConnectionString {
  std::string instrumentationKey;
  std::string ingestionEndpoint;  // scheme://host[:port][/prefix], no trailing '/'

  // {ingestionEndpoint}/v2.1/track
  std::string trackUrl() const;
  // The key for logs: its first 4 characters, the rest as '*'.
  std::string maskedKey() const;

  // InputError naming the offending part: empty, too long, a segment without '=', an empty key,
  // an unknown field, a duplicate key, no InstrumentationKey or one that is not a GUID, an
  // endpoint that is not http(s)://host.
  static ConnectionString parse(std::string_view text);
  // Parses $APPLICATIONINSIGHTS_CONNECTION_STRING; InputError when unset or empty.
  static ConnectionString fromEnvironment();
};

std::string maskInstrumentationKey(std::string_view key);

}  // namespace tweetlab::telemetry
