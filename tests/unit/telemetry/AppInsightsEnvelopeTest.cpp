// Our envelopes have the shape of the ones Microsoft's SDK 2.9.8 sent in the reference capture
// (same fields, same JSON types), and pass the contract the test ingestion server enforces.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <set>

#include "core/common/Json.h"
#include "core/telemetry/AppInsightsEnvelope.h"
#include "tests/support/AppInsightsTestServer.h"

namespace tweetlab::telemetry {
namespace {

using nlohmann::json;

json capture(const char* file) {
  return readJsonFile(std::string(TWEETLAB_SOURCE_DIR) + "/tests/data/appinsights/" + file);
}

TelemetryContext context() {
  auto c = TelemetryContext::forThisProcess("00000000-0000-0000-0000-000000000000", "tweetlab");
  c.userId = "tester-1";
  return c;
}

// Same keys and the same JSON type at every level (values are free); `free` keys (tags,
// properties, measurements) only need the same type, their keys are checked separately.
void expectSameShape(const json& ours, const json& theirs, const std::string& path = "$") {
  static const std::set<std::string> free{"tags", "properties", "measurements"};
  ASSERT_EQ(ours.type_name(), std::string(theirs.type_name())) << path;
  if (!ours.is_object()) return;
  std::set<std::string> a, b;
  for (const auto& [k, v] : ours.items()) a.insert(k);
  for (const auto& [k, v] : theirs.items()) b.insert(k);
  EXPECT_EQ(a, b) << "keys differ at " << path;
  for (const auto& [k, v] : ours.items()) {
    if (!theirs.contains(k)) continue;
    if (free.count(k) > 0) {
      EXPECT_EQ(v.type_name(), std::string(theirs[k].type_name())) << path << "." << k;
      for (const auto& [pk, pv] : v.items()) {
        EXPECT_TRUE(k == "measurements" ? pv.is_number() : pv.is_string())
            << path << "." << k << "." << pk;
      }
    } else {
      expectSameShape(v, theirs[k], path + "." + k);
    }
  }
}

void expectCaptureTags(const json& tags) {
  static const std::set<std::string> known{"ai.cloud.role",          "ai.cloud.roleInstance",
                                           "ai.internal.sdkVersion", "ai.application.ver",
                                           "ai.session.id",          "ai.user.id",
                                           "ai.device.id",           "ai.device.osVersion",
                                           "ai.device.osPlatform",   "ai.device.osArchitecture",
                                           "ai.operation.id",        "ai.operation.parentId"};
  for (const auto& [k, v] : tags.items()) EXPECT_TRUE(known.count(k) > 0) << "unknown tag " << k;
  for (const char* k : {"ai.cloud.role", "ai.cloud.roleInstance", "ai.internal.sdkVersion",
                        "ai.session.id", "ai.application.ver"}) {
    ASSERT_TRUE(tags.contains(k)) << k;
    EXPECT_FALSE(tags[k].get<std::string>().empty()) << k;
  }
  EXPECT_EQ(tags["ai.cloud.role"], "tweetlab");
  EXPECT_EQ(tags["ai.user.id"], "tester-1");
  EXPECT_TRUE(
      std::regex_match(tags["ai.session.id"].get<std::string>(), std::regex("[0-9a-f]{32}")));
  EXPECT_EQ(tags["ai.internal.sdkVersion"].get<std::string>().rfind("cpp:tweetlab-", 0), 0u);
}

const Properties kRejection{{"tweet_text", "I love this product, but the battery life is terrible"},
                            {"predicted_label", "positive"},
                            {"score", "0.87"},
                            {"model_version", "sentiment-v1.2.0"}};

TEST(AppInsightsEnvelope, TraceHasTheShapeOfTheSdk298Capture) {
  const auto ours = makeTraceEnvelope(context(), "prediction rejected", SeverityLevel::Warning,
                                      kRejection, std::chrono::system_clock::now());
  const auto theirs = capture("sdk2.9.8_trace_MessageData.json");
  expectSameShape(ours, theirs);
  expectCaptureTags(ours["tags"]);
  EXPECT_EQ(ours["name"], theirs["name"]);  // same iKey -> same dash-less name
  EXPECT_EQ(ours["data"]["baseData"], theirs["data"]["baseData"]);  // same content, same encoding
  EXPECT_EQ(ours["data"]["baseType"], "MessageData");
  // The 3.x SDK's required fields are there too (it adds an empty measurements map).
  // Named: a range-for over a member of a temporary would iterate freed memory (before C++23).
  const auto sdk3 = capture("sdk3.17.0_trace_MessageData.json");
  for (const auto& [k, v] : sdk3["data"]["baseData"].items()) {
    if (k != "measurements") {
      EXPECT_TRUE(ours["data"]["baseData"].contains(k)) << k;
    }
  }
}

TEST(AppInsightsEnvelope, EventHasTheShapeOfTheSdk298Capture) {
  const auto ours = makeEventEnvelope(context(), "prediction_validated",
                                      {{"predicted_label", "positive"},
                                       {"user_label", "negative"},
                                       {"accepted", "false"},
                                       {"model_version", "sentiment-v1.2.0"}},
                                      {{"score", 0.87}}, std::chrono::system_clock::now());
  const auto theirs = capture("sdk2.9.8_event_EventData.json");
  expectSameShape(ours, theirs);
  expectCaptureTags(ours["tags"]);
  EXPECT_EQ(ours["data"]["baseData"], theirs["data"]["baseData"]);
  EXPECT_EQ(ours["name"], theirs["name"]);
  // Same field set as the 3.x event as well.
  expectSameShape(ours["data"], capture("sdk3.17.0_event_EventData.json")["data"]);
}

TEST(AppInsightsEnvelope, TimeIsUtcWithMillisecondsAndZ) {
  const auto t = std::chrono::sys_days(std::chrono::year(2026) / 11 / 25) + std::chrono::hours(2) +
                 std::chrono::minutes(41) + std::chrono::seconds(22) +
                 std::chrono::milliseconds(429);
  EXPECT_EQ(formatEnvelopeTime(t), "2026-11-25T02:41:22.429Z");  // as in the capture
  EXPECT_EQ(parseEnvelopeTime("2026-11-25T02:41:22.429Z"), t);
  EXPECT_EQ(formatEnvelopeTime(std::chrono::sys_days(std::chrono::year(2027) / 1 / 2)),
            "2027-01-02T00:00:00.000Z");
  EXPECT_EQ(parseEnvelopeTime("2026-11-25T02:41:22Z"), std::nullopt);
  EXPECT_EQ(parseEnvelopeTime("2026-11-25T02:41:22.429+01:00"), std::nullopt);
  EXPECT_EQ(parseEnvelopeTime("2026-02-30T02:41:22.429Z"), std::nullopt);
}

TEST(AppInsightsEnvelope, OverLongFieldsAreCutToTheServiceLimitsNotLost) {
  const std::string longKey(200, 'k');
  const auto e = makeTraceEnvelope(context(), std::string(40000, 'm'), SeverityLevel::Error,
                                   {{longKey, std::string(9000, 'v')}, {"", "dropped"}},
                                   std::chrono::system_clock::now());
  const auto& base = e["data"]["baseData"];
  EXPECT_EQ(base["message"].get<std::string>().size(), kMaxMessageChars);
  ASSERT_EQ(base["properties"].size(), 1u);
  EXPECT_EQ(base["properties"].begin().key().size(), kMaxPropertyKeyChars);
  EXPECT_EQ(base["properties"].begin()->get<std::string>().size(), kMaxPropertyValueChars);
  const auto ev =
      makeEventEnvelope(context(), std::string(600, 'n'), {}, {}, std::chrono::system_clock::now());
  EXPECT_EQ(ev["data"]["baseData"]["name"].get<std::string>().size(), kMaxEventNameChars);
  EXPECT_EQ(testing::validateEnvelope(e, {"00000000-0000-0000-0000-000000000000"},
                                      std::chrono::system_clock::now()),
            "");
}

TEST(AppInsightsEnvelope, CutsCountCharactersAndNeverSplitAUtf8Sequence) {
  EXPECT_EQ(utf8Length("café 😀"), 6u);
  EXPECT_EQ(utf8Truncate("café 😀!", 6), "café 😀");
  EXPECT_EQ(utf8Truncate("é😀", 1), "é");
  const auto e = makeTraceEnvelope(context(), std::string(kMaxMessageChars + 5, 'x') + "😀",
                                   SeverityLevel::Verbose, {}, std::chrono::system_clock::now());
  EXPECT_EQ(utf8Length(e["data"]["baseData"]["message"].get<std::string>()), kMaxMessageChars);
}

TEST(AppInsightsEnvelope, InvalidUtf8AndNonFiniteNumbersCannotMakeAnItemUnsendable) {
  const auto e = makeEventEnvelope(context(), "caf\xe9", {{"tweet_text", "latin-1 caf\xe9"}},
                                   {{"score", 0.5}, {"nan", std::nan("")}, {"inf", HUGE_VAL}},
                                   std::chrono::system_clock::now());
  const auto line = serializeEnvelope(e);
  const auto back = json::parse(line);  // valid JSON, valid UTF-8
  EXPECT_EQ(back["data"]["baseData"]["measurements"], (json{{"score", 0.5}}));
  EXPECT_EQ(back["data"]["baseData"]["properties"]["tweet_text"], "latin-1 caf\xef\xbf\xbd");
  EXPECT_EQ(line.find('\n'), std::string::npos);  // one line of the x-json-stream body
}

TEST(AppInsightsEnvelope, SeverityLevelsAreTheNumbersOfTheContract) {
  const auto now = std::chrono::system_clock::now();
  int expected = 0;
  for (auto s : {SeverityLevel::Verbose, SeverityLevel::Information, SeverityLevel::Warning,
                 SeverityLevel::Error, SeverityLevel::Critical}) {
    EXPECT_EQ(makeTraceEnvelope(context(), "m", s, {}, now)["data"]["baseData"]["severityLevel"],
              expected++);
  }
}

}  // namespace
}  // namespace tweetlab::telemetry
