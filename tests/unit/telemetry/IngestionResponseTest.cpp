// What happens to each item after each answer the service can give (PROTOCOL.md), including the
// two captured 206 bodies.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/common/Json.h"
#include "core/telemetry/IngestionResponse.h"

namespace tweetlab::telemetry {
namespace {

using std::chrono::milliseconds;

std::string referenceBody(const char* file) {
  const auto j = readJsonFile(std::string(TWEETLAB_SOURCE_DIR) + "/tests/data/appinsights/" + file);
  return j.at("body").dump();
}

TEST(IngestionResponse, AllAcceptedOn200) {
  const auto o = interpretIngestionResponse(
      200, R"({"itemsReceived":3,"itemsAccepted":3,"errors":[]})", 3, "");
  EXPECT_EQ(o.delivered, 3u);
  EXPECT_TRUE(o.retry.empty());
  EXPECT_TRUE(o.dropped.empty());
  EXPECT_FALSE(o.throttledOrDown);
}

TEST(IngestionResponse, Captured206ResendsOnlyThe500ItemAndDropsThe400Item) {
  const auto o = interpretIngestionResponse(206, referenceBody("response_206_example.json"), 3, "");
  EXPECT_EQ(o.delivered, 1u);
  EXPECT_EQ(o.retry, (std::vector<std::size_t>{0}));
  ASSERT_EQ(o.dropped.size(), 1u);
  EXPECT_EQ(o.dropped[0].index, 1u);
  EXPECT_EQ(o.dropped[0].statusCode, 400);
  EXPECT_EQ(o.dropped[0].message, "Field 'time' on type 'Envelope' is required.");
}

TEST(IngestionResponse, Captured206WithA429ItemIsThrottling) {
  const auto o = interpretIngestionResponse(
      206, referenceBody("response_206_retriable429_example.json"), 3, "3");
  EXPECT_EQ(o.delivered, 2u);
  EXPECT_EQ(o.retry, (std::vector<std::size_t>{1}));
  EXPECT_TRUE(o.dropped.empty());
  EXPECT_TRUE(o.throttledOrDown);
  EXPECT_EQ(o.retryAfter, milliseconds(3000));
}

TEST(IngestionResponse, EveryRetriableItemStatusOfTheContract) {
  for (int s : {408, 429, 439, 500, 502, 503, 504}) EXPECT_TRUE(isRetriableItemStatus(s)) << s;
  for (int s : {200, 206, 400, 401, 403, 404, 413, 501})
    EXPECT_FALSE(isRetriableItemStatus(s)) << s;
}

TEST(IngestionResponse, BadRequestDropsEveryItemWithTheServiceReason) {
  const auto o = interpretIngestionResponse(
      400,
      R"({"itemsReceived":2,"itemsAccepted":0,"errors":[{"index":0,"statusCode":400,"message":"Invalid instrumentation key"},{"index":1,"statusCode":400,"message":"Invalid instrumentation key"}]})",
      2, "");
  EXPECT_EQ(o.delivered, 0u);
  EXPECT_TRUE(o.retry.empty());
  ASSERT_EQ(o.dropped.size(), 2u);
  EXPECT_EQ(o.dropped[1].message, "Invalid instrumentation key");
  // Without a body the reason still names the status.
  const auto bare = interpretIngestionResponse(400, "", 1, "");
  ASSERT_EQ(bare.dropped.size(), 1u);
  EXPECT_EQ(bare.dropped[0].message, "HTTP 400");
}

TEST(IngestionResponse, ThrottlingServerErrorsAndNoAnswerRetryTheWholeBatch) {
  for (int status : {0, 408, 429, 439, 500, 502, 503, 504, 401, 403}) {
    const auto o = interpretIngestionResponse(status, "", 4, "");
    EXPECT_EQ(o.retry, (std::vector<std::size_t>{0, 1, 2, 3})) << status;
    EXPECT_TRUE(o.throttledOrDown) << status;
    EXPECT_TRUE(o.dropped.empty()) << status;
  }
  EXPECT_EQ(interpretIngestionResponse(429, "", 1, "7").retryAfter, milliseconds(7000));
}

TEST(IngestionResponse, OtherClientErrorsAreDropped) {
  const auto o = interpretIngestionResponse(404, "<html>not found</html>", 2, "");
  EXPECT_EQ(o.dropped.size(), 2u);
  EXPECT_TRUE(o.retry.empty());
}

TEST(IngestionResponse, UnreadablePartialAnswerResendsAllRatherThanLoseAny) {
  const auto o = interpretIngestionResponse(206, "not json", 3, "");
  EXPECT_EQ(o.retry.size(), 3u);
  EXPECT_EQ(o.delivered, 0u);
}

TEST(IngestionResponse, IndicesOutsideTheBatchAreIgnored) {
  const auto o = interpretIngestionResponse(
      206, R"({"errors":[{"index":9,"statusCode":500},{"index":0,"statusCode":503}]})", 2, "");
  EXPECT_EQ(o.retry, (std::vector<std::size_t>{0}));
  EXPECT_EQ(o.delivered, 1u);
}

TEST(IngestionResponse, RetryAfterAsSecondsOrHttpDate) {
  const auto now = std::chrono::system_clock::from_time_t(1795000000);  // 2026-11-18
  EXPECT_EQ(parseRetryAfter("120", now), milliseconds(120000));
  EXPECT_EQ(parseRetryAfter(" 5 ", now), milliseconds(5000));
  std::time_t later = 1795000000 + 30;
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&later));
  EXPECT_EQ(parseRetryAfter(date, now), milliseconds(30000));
  EXPECT_EQ(parseRetryAfter("", now), std::nullopt);
  EXPECT_EQ(parseRetryAfter("soon", now), std::nullopt);
}

}  // namespace
}  // namespace tweetlab::telemetry
