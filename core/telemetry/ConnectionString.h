#pragma once
// Application Insights connection strings, parsed the way Microsoft's SDKs do
// (tests/data/appinsights/PROTOCOL.md, "Connection string"):
//   key=value pairs separated by ';', keys case-insensitive, at most 4,096 characters,
//   InstrumentationKey required; IngestionEndpoint wins over EndpointSuffix[+Location], and
//   without either ingestion goes to https://dc.services.visualstudio.com.
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

  // InputError naming the offending part: empty, too long, a segment without '=', an empty key,
  // a duplicate key, no InstrumentationKey, an endpoint that is not http(s)://host.
  static ConnectionString parse(std::string_view text);
  // Parses $APPLICATIONINSIGHTS_CONNECTION_STRING; InputError when unset or empty.
  static ConnectionString fromEnvironment();
};

}  // namespace tweetlab::telemetry
