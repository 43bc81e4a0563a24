#pragma once
// Which acknowledged feedback records are settled with Application Insights: accepted by the
// service, or refused by it for good (a per-item 400 would be refused again). Append-only, one
// record id per line, fsync'ed before add() returns, so after a crash the feedback log minus this
// ledger (minus what waits in the offline queue) is exactly what still has to be sent.
//
// The first line, {"through": N}, says every record of the feedback log before byte N is settled
// or queued; compact() moves it forward and forgets the ids before it, so the ledger stays small.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/common/DurableFile.h"

namespace tweetlab::telemetry {

class DeliveryLedger {
 public:
  // Reads the file (a torn last line is ignored) and opens it for appending; IoError when it
  // cannot.
  explicit DeliveryLedger(std::filesystem::path file);
  ~DeliveryLedger();
  DeliveryLedger(const DeliveryLedger&) = delete;
  DeliveryLedger& operator=(const DeliveryLedger&) = delete;

  // Thread-safe; durable on return. IoError when the write or sync fails.
  void add(const std::vector<std::string>& ids);
  bool settled(const std::string& id) const;
  std::uint64_t through() const;

  // Rewrites the ledger (atomically) as {"through": offset} plus `keep`.
  void compact(std::uint64_t through, const std::vector<std::string>& keep);

  const std::filesystem::path& file() const { return file_; }

 private:
  void open();
  std::filesystem::path file_;
  mutable std::mutex mutex_;
  std::unique_ptr<DurableFile> out_;
  std::unordered_set<std::string> settled_;
  std::uint64_t through_ = 0;
  bool needsNewline_ = false;
};

}  // namespace tweetlab::telemetry
