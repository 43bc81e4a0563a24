#pragma once
// Application Insights envelopes for traces (MessageData) and events (EventData), shaped like the
// ones Microsoft's classic Node SDK 2.9.8 puts on the wire (tests/data/appinsights/: same fields,
// same JSON types, severityLevel as a number, the name with the dash-less iKey inside).
//
// The service's limits are applied here by cutting (as the SDKs do) rather than by losing the item:
// message 32,768 characters, event name 512, property key 150, property value 8,192. Text that is
// not valid UTF-8 is repaired (U+FFFD) so that a stray Latin-1 tweet cannot make an item
// unsendable.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace tweetlab::telemetry {

enum class SeverityLevel { Verbose = 0, Information = 1, Warning = 2, Error = 3, Critical = 4 };

using Properties = std::map<std::string, std::string>;
using Measurements = std::map<std::string, double>;

inline constexpr std::size_t kMaxMessageChars = 32768;
inline constexpr std::size_t kMaxEventNameChars = 512;
inline constexpr std::size_t kMaxPropertyKeyChars = 150;
inline constexpr std::size_t kMaxPropertyValueChars = 8192;

// Who is sending: becomes the envelope's iKey and tags.
struct TelemetryContext {
  std::string instrumentationKey;
  std::string cloudRole = "tweetlab";  // ai.cloud.role: "tweetlab" (GUI) or "tweetlab-serve"
  std::string cloudRoleInstance;       // ai.cloud.roleInstance: the host name
  std::string sdkVersion;              // ai.internal.sdkVersion: "cpp:tweetlab-<version>"
  std::string applicationVersion;      // ai.application.ver
  std::string sessionId;               // ai.session.id: one per client instance
  std::string userId;                  // ai.user.id, optional
  std::string osVersion;               // ai.device.osVersion, e.g. "Linux 6.1.0"
  std::string osPlatform;              // ai.device.osPlatform, e.g. "linux"
  std::string osArchitecture;          // ai.device.osArchitecture, e.g. "x64"

  // Host name, OS tags, TweetLab's version as application and SDK version, a fresh session id.
  static TelemetryContext forThisProcess(std::string instrumentationKey, std::string cloudRole);

  nlohmann::json tags() const;
};

using TimePoint = std::chrono::system_clock::time_point;

nlohmann::json makeTraceEnvelope(const TelemetryContext& context, std::string_view message,
                                 SeverityLevel severity, const Properties& properties,
                                 TimePoint time);

nlohmann::json makeEventEnvelope(const TelemetryContext& context, std::string_view name,
                                 const Properties& properties, const Measurements& measurements,
                                 TimePoint time);

// "2026-11-25T02:41:22.429Z": UTC, milliseconds, 'Z' (the format the SDKs send).
std::string formatEnvelopeTime(TimePoint time);
// Inverse of formatEnvelopeTime; nullopt for anything else (no offsets, no missing millis).
std::optional<TimePoint> parseEnvelopeTime(std::string_view text);

// One envelope as one line of the x-json-stream body (invalid UTF-8 replaced, never throws).
std::string serializeEnvelope(const nlohmann::json& envelope);

// Number of UTF-8 code points in `text` and `text` cut to at most `maxChars` code points.
std::size_t utf8Length(std::string_view text);
std::string utf8Truncate(std::string_view text, std::size_t maxChars);

// A 32-hex-digit random id (session ids, operation ids).
std::string randomHexId();

}  // namespace tweetlab::telemetry
