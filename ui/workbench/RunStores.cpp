#include "ui/workbench/RunStores.h"

#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {

std::filesystem::path RunStores::configuredRoot() {
  const QString dir = AppSettings().dataDirectory();
  return dir.isEmpty() ? tracking::RunStore::defaultRoot()
                       : std::filesystem::path(dir.toStdString());
}

std::shared_ptr<tracking::RunStore> RunStores::current() {
  const auto root = configuredRoot();
  std::lock_guard lock(mutex_);
  if (!store_ || store_->root() != root) {
    if (store_) left_.push_back(std::move(store_));
    store_ = std::make_shared<tracking::RunStore>(root);
  }
  return store_;
}

}  // namespace tweetlab::ui
