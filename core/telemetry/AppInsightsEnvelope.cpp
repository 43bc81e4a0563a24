#include "core/telemetry/AppInsightsEnvelope.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>

#include "core/common/AsciiCase.h"
#include "core/common/Platform.h"
#include "core/common/Version.h"

namespace tweetlab::telemetry {
namespace {

constexpr const char* kEnvelopePrefix = "Microsoft.ApplicationInsights.";

bool isContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Repairs invalid UTF-8 first (through nlohmann's replacing serializer) so that cutting and
// counting work on well-formed text.
std::string validUtf8(std::string_view text) {
  const std::string quoted = nlohmann::json(std::string(text))
                                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(quoted).get<std::string>();
}

std::string cut(std::string_view text, std::size_t maxChars) {
  return utf8Truncate(validUtf8(text), maxChars);
}

nlohmann::json propertiesJson(const Properties& properties) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : properties) {
    const auto k = cut(key, kMaxPropertyKeyChars);
    if (k.empty()) continue;  // the service rejects empty keys
    out[k] = cut(value, kMaxPropertyValueChars);
  }
  return out;
}

std::string envelopeName(const TelemetryContext& context, const char* type) {
  std::string key;
  for (char c : context.instrumentationKey)
    if (c != '-') key += c;
  return std::string(kEnvelopePrefix) + key + "." + type;
}

nlohmann::json envelope(const TelemetryContext& context, const char* type, const char* baseType,
                        nlohmann::json baseData, TimePoint time) {
  nlohmann::json e;
  e["ver"] = 1;
  e["sampleRate"] = 100;
  e["tags"] = context.tags();
  e["data"] = {{"baseType", baseType}, {"baseData", std::move(baseData)}};
  e["iKey"] = context.instrumentationKey;
  e["name"] = envelopeName(context, type);
  e["time"] = formatEnvelopeTime(time);
  return e;
}

}  // namespace

TelemetryContext TelemetryContext::forThisProcess(std::string instrumentationKey,
                                                  std::string cloudRole) {
  TelemetryContext c;
  c.instrumentationKey = std::move(instrumentationKey);
  c.cloudRole = std::move(cloudRole);
  c.cloudRoleInstance = platform::hostName();
  c.sdkVersion = std::string("cpp:tweetlab-") + kVersion;
  c.applicationVersion = kVersion;
  c.sessionId = randomHexId();
  const auto os = platform::osInfo();
  c.osVersion = os.release.empty() ? os.name : os.name + " " + os.release;
  c.osPlatform = asciiLowered(os.name);
  c.osArchitecture = os.machine == "x86_64"    ? "x64"
                     : os.machine == "aarch64" ? "arm64"
                                               : os.machine;
  return c;
}

nlohmann::json TelemetryContext::tags() const {
  nlohmann::json t = nlohmann::json::object();
  const auto put = [&t](const char* key, const std::string& value) {
    if (!value.empty()) t[key] = validUtf8(value);
  };
  put("ai.cloud.role", cloudRole);
  put("ai.cloud.roleInstance", cloudRoleInstance);
  put("ai.internal.sdkVersion", sdkVersion);
  put("ai.application.ver", applicationVersion);
  put("ai.session.id", sessionId);
  put("ai.user.id", userId);
  put("ai.device.osVersion", osVersion);
  put("ai.device.osPlatform", osPlatform);
  put("ai.device.osArchitecture", osArchitecture);
  return t;
}

nlohmann::json makeTraceEnvelope(const TelemetryContext& context, std::string_view message,
                                 SeverityLevel severity, const Properties& properties,
                                 TimePoint time) {
  nlohmann::json baseData;
  baseData["ver"] = 2;
  baseData["properties"] = propertiesJson(properties);
  baseData["message"] = cut(message, kMaxMessageChars);
  baseData["severityLevel"] = static_cast<int>(severity);
  return envelope(context, "Message", "MessageData", std::move(baseData), time);
}

nlohmann::json makeEventEnvelope(const TelemetryContext& context, std::string_view name,
                                 const Properties& properties, const Measurements& measurements,
                                 TimePoint time) {
  nlohmann::json m = nlohmann::json::object();
  for (const auto& [key, value] : measurements) {
    // JSON has no NaN/inf (they would serialise as null, which the service rejects).
    if (std::isfinite(value) && !key.empty()) m[cut(key, kMaxPropertyKeyChars)] = value;
  }
  nlohmann::json baseData;
  baseData["ver"] = 2;
  baseData["properties"] = propertiesJson(properties);
  baseData["measurements"] = std::move(m);
  baseData["name"] = cut(name, kMaxEventNameChars);
  return envelope(context, "Event", "EventData", std::move(baseData), time);
}

std::string formatEnvelopeTime(TimePoint time) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(time);
  const auto secs = std::chrono::floor<std::chrono::seconds>(ms);
  const std::time_t t = std::chrono::system_clock::to_time_t(secs);
  const std::tm utc = platform::utcTime(t);
  char buffer[128];  // roomy: GCC cannot prove the fields are in range
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>((ms - secs).count()));
  return buffer;
}

std::optional<TimePoint> parseEnvelopeTime(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS.mmmZ, exactly 24 characters.
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (text.size() != kShape.size()) return std::nullopt;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return std::nullopt;
  }
  const auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  const std::chrono::year_month_day date{std::chrono::year(num(0, 4)),
                                         std::chrono::month(static_cast<unsigned>(num(5, 2))),
                                         std::chrono::day(static_cast<unsigned>(num(8, 2)))};
  const int h = num(11, 2), m = num(14, 2), s = num(17, 2);
  if (!date.ok() || h > 23 || m > 59 || s > 59) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(h) + std::chrono::minutes(m) +
         std::chrono::seconds(s) + std::chrono::milliseconds(num(20, 3));
}

std::string serializeEnvelope(const nlohmann::json& envelope) {
  return envelope.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::size_t utf8Length(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    if (!isContinuation(c)) ++n;
  return n;
}

std::string utf8Truncate(std::string_view text, std::size_t maxChars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (isContinuation(text[i])) continue;
    if (chars == maxChars) return std::string(text.substr(0, i));
    ++chars;
  }
  return std::string(text);
}

std::string randomHexId() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buffer[33];
  std::snprintf(buffer, sizeof buffer, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buffer;
}

}  // namespace tweetlab::telemetry
