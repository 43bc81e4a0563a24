#include "core/telemetry/FeedbackStats.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace tweetlab::telemetry {

std::optional<TimePoint> parseIsoUtc(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const std::string str(text);
  int consumed = 0;
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) !=
      6) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  std::size_t pos = static_cast<std::size_t>(consumed);
  int millis = 0;
  if (pos < str.size() && str[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < str.size() && std::isdigit(static_cast<unsigned char>(str[pos]))) {
      if (digits < 3) millis = millis * 10 + (str[pos] - '0');
      ++digits;
      ++pos;
    }
    for (; digits < 3; ++digits) millis *= 10;
  }
  int offsetMinutes = 0;
  if (pos < str.size() && (str[pos] == '+' || str[pos] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(str.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offsetMinutes = (str[pos] == '-' ? -1 : 1) * (oh * 60 + om);
  } else if (pos >= str.size() || str[pos] != 'Z') {
    return std::nullopt;
  }
  using namespace std::chrono;
  const sys_days day =
      year{y} / month{static_cast<unsigned>(mo)} / std::chrono::day{static_cast<unsigned>(d)};
  if (!(year{y} / month{static_cast<unsigned>(mo)} / std::chrono::day{static_cast<unsigned>(d)})
           .ok()) {
    return std::nullopt;
  }
  return TimePoint{day} + hours{h} + minutes{mi} + seconds{s} + milliseconds{millis} -
         minutes{offsetMinutes};
}

std::vector<FeedbackBucket> bucketFeedback(const std::vector<FeedbackRecord>& records,
                                           std::chrono::seconds width, std::size_t* unparsed) {
  std::map<long long, FeedbackBucket> byIndex;
  std::size_t bad = 0;
  const auto w = std::chrono::duration_cast<std::chrono::milliseconds>(width).count();
  for (const auto& r : records) {
    const auto t = parseIsoUtc(r.receivedAt);
    if (!t) {
      ++bad;
      continue;
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()).count();
    const long long index = ms >= 0 ? ms / w : (ms - w + 1) / w;
    auto& bucket = byIndex[index];
    bucket.start = TimePoint{std::chrono::milliseconds{index * w}};
    (r.accepted ? bucket.accepted : bucket.rejected)++;
  }
  if (unparsed) *unparsed = bad;
  std::vector<FeedbackBucket> out;
  if (byIndex.empty()) return out;
  for (long long i = byIndex.begin()->first; i <= byIndex.rbegin()->first; ++i) {
    auto it = byIndex.find(i);
    if (it != byIndex.end()) {
      out.push_back(it->second);
    } else {
      FeedbackBucket empty;
      empty.start = TimePoint{std::chrono::milliseconds{i * w}};
      out.push_back(empty);
    }
  }
  return out;
}

std::vector<RejectionAlert::Fired> replayAlerts(const std::vector<FeedbackRecord>& records,
                                                std::size_t threshold,
                                                std::chrono::seconds window) {
  std::vector<TimePoint> rejections;
  for (const auto& r : records) {
    if (r.accepted) continue;
    if (auto t = parseIsoUtc(r.receivedAt)) rejections.push_back(*t);
  }
  std::sort(rejections.begin(), rejections.end());
  RejectionAlert rule(threshold, window);
  std::vector<RejectionAlert::Fired> fired;
  for (const auto t : rejections) {
    if (auto alert = rule.recordRejection(t)) fired.push_back(*alert);
  }
  return fired;
}

}  // namespace tweetlab::telemetry
