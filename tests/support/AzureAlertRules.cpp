#include "tests/support/AzureAlertRules.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace tweetlab::testing {
namespace {

using Clock = std::chrono::system_clock;

// The envelope's "time", "YYYY-MM-DDTHH:MM:SS.mmmZ" (the stand-in already checked the shape).
Clock::time_point envelopeTime(const std::string& text) {
  std::tm tm{};
  int millis = 0;
  std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
              &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return Clock::from_time_t(timegm(&tm)) + std::chrono::milliseconds(millis);
}

}  // namespace

std::vector<AlertRule> deployedAlertRules() {
  return {{"rejections", 3, std::chrono::minutes(5), false},
          {"late rejections", 3, std::chrono::minutes(5), true}};
}

std::vector<IngestedTrace> rejectionTraces(const std::vector<nlohmann::json>& accepted,
                                           const std::vector<Clock::time_point>& acceptedAt) {
  std::vector<IngestedTrace> out;
  for (std::size_t i = 0; i < accepted.size() && i < acceptedAt.size(); ++i) {
    const auto& e = accepted[i];
    if (e["data"]["baseType"] != "MessageData" ||
        e["data"]["baseData"]["message"] != "prediction rejected") {
      continue;
    }
    out.push_back({envelopeTime(e["time"].get<std::string>()), acceptedAt[i]});
  }
  return out;
}

std::optional<Clock::time_point> firstFiring(const AlertRule& rule,
                                             const std::vector<IngestedTrace>& traces,
                                             Clock::time_point from, Clock::time_point to) {
  for (auto at = from; at <= to; at += std::chrono::minutes(1)) {
    const auto count = std::count_if(traces.begin(), traces.end(), [&](const IngestedTrace& t) {
      if (t.ingested > at) return false;  // not there yet
      if (!rule.byIngestionTime) return t.timestamp > at - rule.window && t.timestamp <= at;
      return t.ingested > at - rule.window && t.ingested - t.timestamp > rule.window &&
             t.timestamp > at - std::chrono::hours(48);
    });
    if (static_cast<std::size_t>(count) >= rule.threshold) return at;
  }
  return std::nullopt;
}

}  // namespace tweetlab::testing
