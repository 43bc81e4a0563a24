#pragma once
// A small model of the two log-search alert rules docs/monitoring.md deploys, for tests: given the
// rejection traces the ingestion stand-in accepted, with their `timestamp` (the verdict time the
// client put in the envelope) and their ingestion time (when the stand-in received them), it says
// when each rule fires if evaluated every minute, the way Azure Monitor runs them:
//
//  - "rejections" (as before): count of `traces | where message == "prediction rejected"` whose
//    timestamp falls in the 5-minute window ending at the evaluation, among those already
//    ingested by then; fires at >= 3.
//  - "late rejections": the same traces ingested in the 5 minutes before the evaluation whose
//    ingestion came more than 5 minutes after their timestamp
//    (`ingestion_time() > ago(5m) and ingestion_time() - timestamp > 5m`), over a 2-day window
//    (the oldest the service accepts); fires at >= 3. It catches what an outage delivered late,
//    which the first rule never sees, and never counts what the first rule already counted.
//
// Azure's own ingestion latency (minutes) is not modelled: it only delays both rules alike.
#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tweetlab::testing {

struct IngestedTrace {
  std::chrono::system_clock::time_point timestamp;  // the envelope's time
  std::chrono::system_clock::time_point ingested;   // ingestion_time()
};

struct AlertRule {
  std::string name;
  std::size_t threshold = 3;
  std::chrono::minutes window{5};
  bool byIngestionTime = false;  // the "late rejections" rule
};

// The two rules of docs/monitoring.md.
std::vector<AlertRule> deployedAlertRules();

// Rejection traces ("prediction rejected") among accepted envelopes, with their ingestion times.
std::vector<IngestedTrace> rejectionTraces(
    const std::vector<nlohmann::json>& accepted,
    const std::vector<std::chrono::system_clock::time_point>& acceptedAt);

// The first evaluation (every minute, from `from` to `to`) at which `rule` fires; nullopt if none.
std::optional<std::chrono::system_clock::time_point> firstFiring(
    const AlertRule& rule, const std::vector<IngestedTrace>& traces,
    std::chrono::system_clock::time_point from, std::chrono::system_clock::time_point to);

}  // namespace tweetlab::testing
