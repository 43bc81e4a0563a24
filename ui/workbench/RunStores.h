#pragma once
// The run store of the data directory set on the Settings page, opened on first use, from any
// thread. Held by shared pointer: work on the thread pool (listing, loading, deleting runs) keeps
// it alive when the window that started the work is closed before the work ends.
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "core/tracking/RunStore.h"

namespace tweetlab::ui {

class RunStores {
 public:
  // The store of the configured data directory (opening it can throw an IoError: call it from
  // worker threads, where the error becomes a message).
  std::shared_ptr<tracking::RunStore> current();

 private:
  static std::filesystem::path configuredRoot();

  std::mutex mutex_;
  std::shared_ptr<tracking::RunStore> store_;
  // Stores of data directories the user left this session: a run begun there still records into
  // its store (TrackingOptions holds a plain pointer) until it ends.
  std::vector<std::shared_ptr<tracking::RunStore>> left_;
};

}  // namespace tweetlab::ui
