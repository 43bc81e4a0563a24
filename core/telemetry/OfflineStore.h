#pragma once
// Telemetry that could not be delivered, kept on disk until the service takes it — across
// restarts. One file per batch (the envelope lines, as they go on the wire), written to a temporary
// name, fsync'ed and renamed, so a crash leaves either the whole batch or nothing.
//
// Bounded like the 3.x SDK's store: total size (default 50 MB) and age (default 47 h: the service
// refuses envelopes whose time is more than 48 h old, so older files could never be delivered).
// When a bound is exceeded the oldest files go first; every drop is returned to the caller, which
// reports it. One store directory belongs to one client at a time (give the GUI and the API server
// different directories).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tweetlab::telemetry {

struct OfflineStoreLimits {
  std::uintmax_t maxBytes = 50ull * 1024 * 1024;
  std::chrono::milliseconds maxAge = std::chrono::hours(47);
};

struct StoredBatch {
  std::filesystem::path file;
  std::vector<std::string> items;  // one serialized envelope each
  std::chrono::system_clock::time_point storedAt;
};

// Items removed to keep the store within its limits (or because their file was unreadable).
struct StoreDrops {
  std::size_t items = 0;
  std::size_t files = 0;
  std::string reason;  // "size limit", "age limit", "unreadable file"
};

class OfflineStore {
 public:
  using Clock = std::chrono::system_clock;

  // Creates the directory; IoError when it cannot. Leftover temporary files are removed.
  OfflineStore(std::filesystem::path directory, OfflineStoreLimits limits);

  // Writes one batch (IoError on failure), then enforces the limits; returns what that dropped
  // (possibly part of this very batch when it alone exceeds maxBytes).
  std::vector<StoreDrops> save(const std::vector<std::string>& items, Clock::time_point now);

  // The oldest batch still within the age limit; expired or unreadable files found on the way are
  // deleted and added to `drops`.
  std::optional<StoredBatch> oldest(Clock::time_point now, std::vector<StoreDrops>& drops);

  // After a partial success: keep only `remaining` (the file keeps its age); empty removes it.
  void replace(const StoredBatch& batch, const std::vector<std::string>& remaining);
  void remove(const StoredBatch& batch);

  // Every stored item, oldest file first (unreadable files are skipped, not dropped).
  std::vector<std::string> allItems() const;
  // When the oldest file still in the store was written; nullopt when empty.
  std::optional<Clock::time_point> oldestStoredAt() const;

  std::size_t fileCount() const;
  std::size_t itemCount() const;
  std::uintmax_t totalBytes() const;
  const std::filesystem::path& directory() const { return directory_; }

 private:
  struct Entry {
    std::filesystem::path file;
    std::uintmax_t bytes;
  };
  std::vector<Entry> files() const;  // oldest first
  std::vector<StoreDrops> enforceLimits(Clock::time_point now);
  void writeBatch(const std::filesystem::path& file, const std::vector<std::string>& items) const;

  std::filesystem::path directory_;
  OfflineStoreLimits limits_;
  std::uint64_t sequence_ = 0;
};

}  // namespace tweetlab::telemetry
