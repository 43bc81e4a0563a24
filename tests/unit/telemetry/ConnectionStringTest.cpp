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
  EXPECT_NE(errorOf("00000000-0000-0000-0000-000000000000").find("bare instrumentation key"),
            std::string::npos);
  EXPECT_NE(errorOf("=abc;InstrumentationKey=k").find("empty key"), std::string::npos);
  EXPECT_NE(errorOf("InstrumentationKey=a;instrumentationKEY=b").find("appears twice"),
            std::string::npos);
  const std::string key = std::string("InstrumentationKey=") + kKey;
  EXPECT_NE(errorOf(key + ";IngestionEndpoint=ftp://x.test").find("http(s)://host"),
            std::string::npos);
  EXPECT_NE(errorOf(key + ";IngestionEndpoint=https:///v2").find("http(s)://host"),
            std::string::npos);
  EXPECT_NE(errorOf(key + ";LiveEndpoint=nowhere").find("LiveEndpoint"), std::string::npos);
  EXPECT_NE(errorOf(key + ";Other=" + std::string(4100, 'x')).find("at most 4096"),
            std::string::npos);
}

// What users actually paste wrong (issue 14): each is refused with a message that says what is
// wrong, and none of the messages prints the key.
TEST(ConnectionString, CommonMistakesAreRefusedWithoutPrintingTheKey) {
  const std::string guid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
  const struct {
    std::string text, expected;
  } cases[] = {
      {guid, "bare instrumentation key"},
      {"InstrumentationKey " + guid, "not key=value"},
      {"InstrumentationKey=" + guid + ",IngestionEndpoint=https://x.test/", "not ','"},
      {"InstrumentationKey=not-a-guid", "not a GUID"},
      {"InstrumentationKey=" + guid + ";IngestionEndPoint=https://x.test;Ingestion=1",
       "unknown field 'Ingestion'"},
      {"InstrumentationKey=" + guid + ";IngestionEndpoint=https://a.test/,LiveEndpoint=x",
       "http(s)://host"},
  };
  for (const auto& c : cases) {
    const auto error = errorOf(c.text);
    EXPECT_NE(error.find(c.expected), std::string::npos) << c.text << " -> " << error;
    EXPECT_EQ(error.find(guid), std::string::npos) << error;
    EXPECT_EQ(error.find(guid.substr(4)), std::string::npos) << error;
  }
}

TEST(ConnectionString, TheKeyIsMaskedForLogs) {
  const auto cs = ConnectionString::parse(std::string("InstrumentationKey=") + kKey);
  EXPECT_EQ(cs.maskedKey(), "0000********************************");
  EXPECT_EQ(cs.maskedKey().find(kKey), std::string::npos);
}

TEST(ConnectionString, ReadsTheUsualEnvironmentVariable) {
  ::setenv(
      kConnectionStringVariable,
      "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://h.test", 1);
  EXPECT_EQ(ConnectionString::fromEnvironment().trackUrl(), "http://h.test/v2.1/track");
  ::unsetenv(kConnectionStringVariable);
  EXPECT_THROW(ConnectionString::fromEnvironment(), InputError);
}

}  // namespace
}  // namespace tweetlab::telemetry
