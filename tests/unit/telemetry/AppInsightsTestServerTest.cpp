// The ingestion stand-in itself: it takes what Microsoft's SDKs sent in the reference capture and
// refuses what the service refuses, so tests against it mean something.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <sstream>

#include "core/telemetry/AppInsightsEnvelope.h"
#include "core/telemetry/Gzip.h"
#include "tests/support/AppInsightsTestServer.h"

namespace tweetlab::testing {
namespace {

using nlohmann::json;
constexpr const char* kCaptureKey = "00000000-0000-0000-0000-000000000000";

std::string readText(const std::string& name) {
  std::ifstream in(std::string(TWEETLAB_SOURCE_DIR) + "/tests/data/appinsights/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The captured envelopes with their time moved to now (the service refuses times > 48 h old).
std::vector<json> freshCapture(const std::string& name, bool ndjson) {
  std::vector<json> out;
  const auto now = telemetry::formatEnvelopeTime(std::chrono::system_clock::now());
  if (ndjson) {
    std::istringstream in(readText(name));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(json::parse(line));
    }
  } else {
    for (const auto& e : json::parse(readText(name))) out.push_back(e);
  }
  for (auto& e : out) e["time"] = now;
  return out;
}

httplib::Result post(AppInsightsTestServer& server, const std::vector<json>& envelopes,
                     const std::string& contentType = "application/x-json-stream",
                     bool gzip = true) {
  std::string body;
  if (contentType == "application/json") {
    body = json(envelopes).dump();
  } else {
    for (const auto& e : envelopes) body += e.dump() + "\n";
  }
  httplib::Client client(server.endpoint());
  httplib::Headers headers;
  if (gzip) {
    headers.emplace("Content-Encoding", "gzip");
    body = telemetry::gzipCompress(body);
  }
  return client.Post("/v2.1/track", headers, body, contentType.c_str());
}

TEST(AppInsightsTestServer, AcceptsBothCapturedSdkBodies) {
  AppInsightsTestServer server({kCaptureKey});
  auto r2 = post(server, freshCapture("sdk2.9.8_body_decoded.ndjson", true));
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 200);
  EXPECT_EQ(json::parse(r2->body),
            (json{{"itemsReceived", 3}, {"itemsAccepted", 3}, {"errors", json::array()}}));
  auto r3 = post(server, freshCapture("sdk3.17.0_body_decoded.json", false), "application/json");
  ASSERT_TRUE(r3);
  EXPECT_EQ(r3->status, 200);
  EXPECT_EQ(server.accepted().size(), 6u);
}

TEST(AppInsightsTestServer, RefusesInvalidItemsLikeTheService) {
  AppInsightsTestServer server({kCaptureKey});
  auto items = freshCapture("sdk2.9.8_body_decoded.ndjson", true);
  items[1].erase("time");  // the captured 206's message
  items[2]["iKey"] = "99999999-0000-0000-0000-000000000000";
  auto r = post(server, items);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 206);
  const auto body = json::parse(r->body);
  EXPECT_EQ(body["itemsAccepted"], 1);
  EXPECT_EQ(body["errors"][0], (json{{"index", 1},
                                     {"statusCode", 400},
                                     {"message", "Field 'time' on type 'Envelope' is required."}}));
  EXPECT_EQ(body["errors"][1]["message"], "Invalid instrumentation key");

  const auto now = std::chrono::system_clock::now();
  auto e = items[0];
  const auto check = [&](auto mutate) {
    auto copy = e;
    mutate(copy);
    return validateEnvelope(copy, {kCaptureKey}, now);
  };
  EXPECT_EQ(check([](json&) {}), "");
  EXPECT_NE(check([](json& x) { x["time"] = "2026-11-25T02:41:22Z"; }), "");
  EXPECT_NE(check([&](json& x) {
              x["time"] = telemetry::formatEnvelopeTime(now - std::chrono::hours(49));
            }),
            "");
  EXPECT_NE(check([&](json& x) {
              x["time"] = telemetry::formatEnvelopeTime(now + std::chrono::hours(3));
            }),
            "");
  EXPECT_NE(check([](json& x) { x.erase("iKey"); }), "");
  EXPECT_NE(check([](json& x) { x.erase("name"); }), "");
  EXPECT_NE(check([](json& x) { x["data"]["baseData"]["message"] = std::string(32769, 'm'); }), "");
  EXPECT_NE(check([](json& x) { x["data"]["baseData"]["severityLevel"] = 7; }), "");
  EXPECT_NE(check([](json& x) { x["data"]["baseData"]["properties"]["score"] = 0.87; }), "");
  EXPECT_NE(
      check([](json& x) { x["data"]["baseData"]["properties"]["k"] = std::string(8193, 'v'); }),
      "");

  auto allBad = post(server, {items[1]});
  ASSERT_TRUE(allBad);
  EXPECT_EQ(allBad->status, 400);
}

TEST(AppInsightsTestServer, RefusesUncompressedOrUntypedBodiesAndUnknownPaths) {
  AppInsightsTestServer server({kCaptureKey});
  const auto items = freshCapture("sdk2.9.8_body_decoded.ndjson", true);
  EXPECT_EQ(post(server, items, "application/x-json-stream", false)->status, 400);
  EXPECT_EQ(post(server, items, "text/plain")->status, 400);
  httplib::Client client(server.endpoint());
  EXPECT_EQ(client.Post("/v2/track", "x", "application/json")->status, 404);
  // A body that claims gzip but is not: refused before any item is looked at.
  EXPECT_EQ(client
                .Post("/v2.1/track", {{"Content-Encoding", "gzip"}}, "not gzip",
                      "application/x-json-stream")
                ->status,
            400);
  EXPECT_TRUE(server.accepted().empty());
}

}  // namespace
}  // namespace tweetlab::testing
