#pragma once
// What to do with each item of a batch after POST /v2.1/track answered (PROTOCOL.md, "Response
// and retries"). Pure: no I/O, so every status of the contract is tested without a server.
//
//   200            all delivered (unless the body itself lists errors: then as 206)
//   206            per errors[]: retriable statusCode (408 429 439 500 502 503 504) -> resend
//                  only those items, any other -> drop and report; items not listed -> delivered
//   400            every item dropped and reported (the service will never take them)
//   408 429 439 5xx, 401 403, no answer (refused, timeout)
//                  the whole batch is retried later, honouring Retry-After; 401/403 are an
//                  access problem an operator can fix, so those items are kept, not dropped
//   other 4xx      dropped and reported
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::telemetry {

struct ItemRejection {
  std::size_t index = 0;  // position in the batch that was sent
  int statusCode = 0;
  std::string message;
};

struct IngestionOutcome {
  std::size_t delivered = 0;
  std::vector<std::size_t> retry;      // indices to send again, ascending
  std::vector<ItemRejection> dropped;  // indices given up, with the service's reason
  bool throttledOrDown = false;        // the service asked us (or failed) to back off
  std::optional<std::chrono::milliseconds> retryAfter;
};

bool isRetriableItemStatus(int statusCode);

// `status` 0 means no HTTP answer at all (connection refused, timeout, TLS failure);
// `retryAfter` is the raw Retry-After header value ("" when absent).
IngestionOutcome interpretIngestionResponse(
    int status, std::string_view body, std::size_t batchSize, std::string_view retryAfter,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// Retry-After as delta-seconds ("120") or HTTP-date ("Wed, 25 Nov 2026 10:00:00 GMT").
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

}  // namespace tweetlab::telemetry
