#include "core/telemetry/IngestionResponse.h"

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <locale>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/common/Json.h"
#include "core/common/Platform.h"

namespace tweetlab::telemetry {
namespace {

bool backOffStatus(int status) {
  return status == 0 || status == 401 || status == 403 || status == 408 || status == 429 ||
         status == 439 || status >= 500;
}

IngestionOutcome retryAll(std::size_t batchSize) {
  IngestionOutcome out;
  for (std::size_t i = 0; i < batchSize; ++i) out.retry.push_back(i);
  out.throttledOrDown = true;
  return out;
}

// errors[] of a 200/206/400 body; nullopt when the body is not the documented shape.
std::optional<std::vector<ItemRejection>> parseErrors(std::string_view body) {
  const auto j = tryParseJson(body).value_or(nlohmann::json());
  if (!j.is_object() || !j.contains("errors") || !j["errors"].is_array()) return std::nullopt;
  std::vector<ItemRejection> errors;
  for (const auto& e : j["errors"]) {
    if (!e.is_object() || !e.contains("index") || !e["index"].is_number_unsigned()) continue;
    ItemRejection r;
    r.index = e["index"].get<std::size_t>();
    r.statusCode = e.value("statusCode", 0);
    r.message = e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>()
                                                                  : std::string();
    errors.push_back(std::move(r));
  }
  return errors;
}

}  // namespace

bool isRetriableItemStatus(int statusCode) {
  switch (statusCode) {
    case 408:
    case 429:
    case 439:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

IngestionOutcome interpretIngestionResponse(int status, std::string_view body,
                                            std::size_t batchSize, std::string_view retryAfter,
                                            std::chrono::system_clock::time_point now) {
  IngestionOutcome out;
  if (backOffStatus(status)) {
    out = retryAll(batchSize);
    out.retryAfter = parseRetryAfter(retryAfter, now);
    return out;
  }
  if (status == 200 || status == 206) {
    const auto errors = parseErrors(body);
    if (!errors) {
      // 200 without the usual body: delivered. 206 without a readable errors[]: we cannot tell
      // which items failed, so all are resent (a duplicate beats a lost rejection).
      if (status == 200) {
        out.delivered = batchSize;
        return out;
      }
      return retryAll(batchSize);
    }
    std::set<std::size_t> failed;
    for (const auto& e : *errors) {
      if (e.index >= batchSize || !failed.insert(e.index).second) continue;
      if (isRetriableItemStatus(e.statusCode)) {
        out.retry.push_back(e.index);
        if (e.statusCode == 429 || e.statusCode == 439) out.throttledOrDown = true;
      } else {
        out.dropped.push_back(e);
      }
    }
    std::sort(out.retry.begin(), out.retry.end());
    out.delivered = batchSize - failed.size();
    if (!out.retry.empty()) out.retryAfter = parseRetryAfter(retryAfter, now);
    return out;
  }
  // 400 and every other answer: the service will not take these items as they are.
  const auto errors = parseErrors(body);
  std::string reason = "HTTP " + std::to_string(status);
  if (!body.empty() && (!errors || errors->empty())) {
    reason += ": " + std::string(body.substr(0, 300));
  }
  for (std::size_t i = 0; i < batchSize; ++i) {
    ItemRejection r{i, status, reason};
    if (errors) {
      for (const auto& e : *errors) {
        if (e.index == i) r = e;
      }
    }
    out.dropped.push_back(std::move(r));
  }
  return out;
}

std::optional<std::chrono::milliseconds> parseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::nullopt;
    return std::chrono::seconds(std::stol(std::string(value)));
  }
  std::tm tm{};
  std::istringstream in{std::string(value)};
  in.imbue(std::locale::classic());  // English day and month names whatever the user's locale
  in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S GMT");
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  const auto at = std::chrono::system_clock::from_time_t(platform::utcSecondsFromTime(tm));
  if (at <= now) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
}

}  // namespace tweetlab::telemetry
