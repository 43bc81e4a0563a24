#include "core/telemetry/OfflineStore.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>

#include "core/common/DurableFile.h"
#include "core/common/Errors.h"

namespace tweetlab::telemetry {
namespace fs = std::filesystem;
namespace {

constexpr const char* kExtension = ".aibatch";

// "<ms since epoch, 15 digits>-<sequence>-<random>.aibatch": sorting names sorts by age, and two
// clients (or a restarted one) never pick the same name.
std::string batchName(std::chrono::system_clock::time_point now, std::uint64_t sequence) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%015lld-%06llu-%08x%s", static_cast<long long>(ms),
                static_cast<unsigned long long>(sequence), static_cast<unsigned>(rng()),
                kExtension);
  return buffer;
}

std::optional<std::chrono::system_clock::time_point> storedAt(const fs::path& file) {
  const auto name = file.filename().string();
  if (name.size() < 15) return std::nullopt;
  long long ms = 0;
  for (std::size_t i = 0; i < 15; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    ms = ms * 10 + (name[i] - '0');
  }
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

std::optional<std::vector<std::string>> readLines(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::size_t countLines(const fs::path& file) {
  const auto lines = readLines(file);
  return lines ? lines->size() : 0;
}

}  // namespace

OfflineStore::OfflineStore(fs::path directory, OfflineStoreLimits limits)
    : directory_(std::move(directory)), limits_(limits) {
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec || !fs::is_directory(directory_)) {
    throw IoError("telemetry store: cannot create directory " + directory_.string() + ": " +
                  ec.message());
  }
  for (const auto& entry : fs::directory_iterator(directory_, ec)) {
    if (entry.path().extension() == ".tmp") fs::remove(entry.path(), ec);
  }
}

void OfflineStore::writeBatch(const fs::path& file, const std::vector<std::string>& items) const {
  std::string bytes;
  for (const auto& item : items) bytes += item + "\n";
  // The batch must survive a power cut once we stop trying to send it from memory.
  try {
    replaceFileDurably(file, bytes, 0600);
  } catch (const IoError& e) {
    throw IoError(std::string("telemetry store: ") + e.what());
  }
}

std::vector<StoreDrops> OfflineStore::save(const std::vector<std::string>& items,
                                           Clock::time_point now) {
  if (items.empty()) return {};
  writeBatch(directory_ / batchName(now, sequence_++), items);
  return enforceLimits(now);
}

std::vector<OfflineStore::Entry> OfflineStore::files() const {
  std::vector<Entry> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(directory_, ec)) {
    if (entry.path().extension() != kExtension) continue;
    std::error_code sizeError;
    const auto bytes = entry.file_size(sizeError);
    out.push_back({entry.path(), sizeError ? 0 : bytes});
  }
  std::sort(out.begin(), out.end(),
            [](const Entry& a, const Entry& b) { return a.file.filename() < b.file.filename(); });
  return out;
}

std::vector<StoreDrops> OfflineStore::enforceLimits(Clock::time_point now) {
  StoreDrops byAge{0, 0, "older than the store's age limit"};
  StoreDrops bySize{0, 0, "over the store's size limit"};
  auto entries = files();
  std::uintmax_t total = 0;
  for (const auto& e : entries) total += e.bytes;
  std::error_code ec;
  for (const auto& e : entries) {
    const auto at = storedAt(e.file);
    const bool expired = !at || now - *at > limits_.maxAge;
    const bool tooBig = total > limits_.maxBytes;
    if (!expired && !tooBig) break;  // files are oldest first: the rest are newer
    auto& drop = expired ? byAge : bySize;
    drop.items += countLines(e.file);
    drop.files += 1;
    fs::remove(e.file, ec);
    total -= e.bytes;
  }
  std::vector<StoreDrops> out;
  if (byAge.files > 0) out.push_back(byAge);
  if (bySize.files > 0) out.push_back(bySize);
  return out;
}

std::optional<StoredBatch> OfflineStore::oldest(Clock::time_point now,
                                                std::vector<StoreDrops>& drops) {
  for (auto& d : enforceLimits(now)) drops.push_back(std::move(d));
  std::error_code ec;
  for (const auto& e : files()) {
    auto lines = readLines(e.file);
    if (!lines || lines->empty()) {
      if (lines && lines->empty()) {
        fs::remove(e.file, ec);
        continue;
      }
      drops.push_back({0, 1, "unreadable file " + e.file.filename().string()});
      fs::remove(e.file, ec);
      continue;
    }
    return StoredBatch{e.file, std::move(*lines), storedAt(e.file).value_or(now)};
  }
  return std::nullopt;
}

void OfflineStore::replace(const StoredBatch& batch, const std::vector<std::string>& remaining) {
  if (remaining.empty()) {
    remove(batch);
    return;
  }
  writeBatch(batch.file, remaining);  // same name: same age, same place in the order
}

void OfflineStore::remove(const StoredBatch& batch) {
  std::error_code ec;
  fs::remove(batch.file, ec);
}

std::vector<std::string> OfflineStore::allItems() const {
  std::vector<std::string> out;
  for (const auto& e : files()) {
    if (auto lines = readLines(e.file)) {
      for (auto& line : *lines) out.push_back(std::move(line));
    }
  }
  return out;
}

std::optional<OfflineStore::Clock::time_point> OfflineStore::oldestStoredAt() const {
  const auto all = files();
  if (all.empty()) return std::nullopt;
  return storedAt(all.front().file);
}

std::size_t OfflineStore::fileCount() const {
  return files().size();
}

std::size_t OfflineStore::itemCount() const {
  std::size_t n = 0;
  for (const auto& e : files()) n += countLines(e.file);
  return n;
}

std::uintmax_t OfflineStore::totalBytes() const {
  std::uintmax_t n = 0;
  for (const auto& e : files()) n += e.bytes;
  return n;
}

}  // namespace tweetlab::telemetry
