// Connection strings as Microsoft's SDKs read them (tests/data/appinsights/PROTOCOL.md).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "core/common/Errors.h"
#include "core/telemetry/ConnectionString.h"

namespace tweetlab::telemetry {
namespace {

constexpr const char* kKey = "00000000-0000-0000-0000-000000000000";

std::string errorOf(const std::string& text) {
  try {
    ConnectionString::parse(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ConnectionString, ReferenceCaptureEndpointDropsOneTrailingSlash) {
  // The string the reference capture used (PROTOCOL.md captures, *_request_to_azure_hostname.json).
  const auto cs = ConnectionString::parse(
      "InstrumentationKey=00000000-0000-0000-0000-000000000000;"
      "IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com:8912/");
  EXPECT_EQ(cs.instrumentationKey, kKey);
  EXPECT_EQ(cs.ingestionEndpoint, "https://westeurope-5.in.applicationinsights.azure.com:8912");
  EXPECT_EQ(cs.trackUrl(), "https://westeurope-5.in.applicationinsights.azure.com:8912/v2.1/track");
}

TEST(ConnectionString, PortalStyleStringWithLiveEndpointAndApplicationId) {
  const auto cs = ConnectionString::parse(
      "InstrumentationKey=11111111-2222-3333-4444-555555555555;"
      "IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;"
      "LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/;"
      "ApplicationId=66666666-7777-8888-9999-000000000000");
  EXPECT_EQ(cs.instrumentationKey, "11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(cs.trackUrl(), "https://westeurope-5.in.applicationinsights.azure.com/v2.1/track");
}

TEST(ConnectionString, KeyOnlyGoesToTheGlobalDefaultEndpoint) {
  const auto cs = ConnectionString::parse(std::string("InstrumentationKey=") + kKey);
  EXPECT_EQ(cs.trackUrl(), "https://dc.services.visualstudio.com/v2.1/track");
}

TEST(ConnectionString, EndpointSuffixWithAndWithoutLocation) {
  EXPECT_EQ(
      ConnectionString::parse(std::string("InstrumentationKey=") + kKey +
                              ";EndpointSuffix=applicationinsights.azure.cn;Location=chinaeast2")
          .ingestionEndpoint,
      "https://chinaeast2.dc.applicationinsights.azure.cn");
  EXPECT_EQ(ConnectionString::parse(std::string("InstrumentationKey=") + kKey +
                                    ";EndpointSuffix=applicationinsights.us")
                .ingestionEndpoint,
            "https://dc.applicationinsights.us");
}

TEST(ConnectionString, ExplicitIngestionEndpointWinsOverSuffix) {
  const auto cs = ConnectionString::parse(std::string("InstrumentationKey=") + kKey +
                                          ";EndpointSuffix=applicationinsights.us;Location=x;"
                                          "IngestionEndpoint=http://127.0.0.1:8911");
  EXPECT_EQ(cs.trackUrl(), "http://127.0.0.1:8911/v2.1/track");
}

TEST(ConnectionString, KeysAreCaseInsensitiveAndSpacesAndEmptySegmentsAreTolerated) {
  const auto cs = ConnectionString::parse(std::string(" instrumentationkey = ") + kKey +
                                          " ;; INGESTIONENDPOINT=https://example.test/ ;");
  EXPECT_EQ(cs.instrumentationKey, kKey);
  EXPECT_EQ(cs.ingestionEndpoint, "https://example.test");
}

TEST(ConnectionString, MalformedStringsGiveClearErrors) {
  EXPECT_NE(errorOf("").find("empty"), std::string::npos);
  EXPECT_NE(errorOf("   ").find("empty"), std::string::npos);
  EXPECT_NE(errorOf("IngestionEndpoint=https://x.test/").find("InstrumentationKey is missing"),
            std::string::npos);
  EXPECT_NE(errorOf("InstrumentationKey=").find("InstrumentationKey is missing"),
            std::string::npos);
  EXPECT_NE(errorOf("00000000-0000-0000-0000-000000000000").find("not key=value"),
            std::string::npos);
  EXPECT_NE(errorOf("=abc;InstrumentationKey=k").find("empty key"), std::string::npos);
  EXPECT_NE(errorOf("InstrumentationKey=a;instrumentationKEY=b").find("appears twice"),
            std::string::npos);
  EXPECT_NE(errorOf("InstrumentationKey=a;IngestionEndpoint=ftp://x.test").find("http(s)://host"),
            std::string::npos);
  EXPECT_NE(errorOf("InstrumentationKey=a;IngestionEndpoint=https:///v2").find("http(s)://host"),
            std::string::npos);
  EXPECT_NE(errorOf("InstrumentationKey=a;Other=" + std::string(4100, 'x')).find("at most 4096"),
            std::string::npos);
}

TEST(ConnectionString, ReadsTheUsualEnvironmentVariable) {
  ::setenv(kConnectionStringVariable, "InstrumentationKey=abc;IngestionEndpoint=http://h.test", 1);
  EXPECT_EQ(ConnectionString::fromEnvironment().trackUrl(), "http://h.test/v2.1/track");
  ::unsetenv(kConnectionStringVariable);
  EXPECT_THROW(ConnectionString::fromEnvironment(), InputError);
}

}  // namespace
}  // namespace tweetlab::telemetry
