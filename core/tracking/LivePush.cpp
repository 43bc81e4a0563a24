#include "core/tracking/LivePush.h"

#include <algorithm>

namespace tweetlab::tracking {
namespace {

// The live view must not hold the end of a training for long: one short try per epoch, no
// immediate retries (the next epoch is the retry, the final push the guarantee).
MlflowConfig liveConfig(MlflowConfig config) {
  config.timeoutSeconds = std::min(config.timeoutSeconds, 10);
  config.maxRetries = 0;
  return config;
}

}  // namespace

bool LivePush::settledAtStart(const std::string& paramKey) {
  return paramKey.rfind("model.params.", 0) != 0;
}

LivePush::LivePush(RunStore& store, RunRecord begun, const MlflowConfig& config,
                   const PushOptions& options)
    : store_(store),
      record_(std::move(begun)),
      options_(options),
      client_(std::make_unique<MlflowClient>(liveConfig(config))),
      thread_([this] { loop(); }) {}

LivePush::~LivePush() {
  stop();
}

void LivePush::send(std::vector<MetricPoint> points) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    pending_.insert(pending_.end(), std::make_move_iterator(points.begin()),
                    std::make_move_iterator(points.end()));
    work_ = true;
  }
  wake_.notify_one();
}

void LivePush::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

int LivePush::batchesSent() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

std::string LivePush::lastError() const {
  std::lock_guard lock(mutex_);
  return lastError_;
}

void LivePush::begin() {
  const auto ref = ensureMlflowRun(store_, *client_, record_, options_);
  std::map<std::string, std::string> params;
  for (const auto& [key, value] : record_.params) {
    if (settledAtStart(key)) params[key] = value;
  }
  client_->logBatch(ref.runId, {}, params, mlflowTags(record_, options_));
  mlflowRunId_ = ref.runId;
}

void LivePush::loop() {
  while (true) {
    std::vector<MetricPoint> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return work_ || stopping_; });
      if (stopping_) return;
      work_ = false;
      batch.swap(pending_);
    }
    try {
      if (mlflowRunId_.empty()) begin();
      if (!batch.empty()) client_->logBatch(mlflowRunId_, batch, {}, {});
      std::lock_guard lock(mutex_);
      if (!batch.empty()) ++batches_;
      lastError_.clear();
    } catch (const std::exception& e) {
      // Down or refusing: keep the points for the next epoch's attempt, in their order.
      std::lock_guard lock(mutex_);
      pending_.insert(pending_.begin(), batch.begin(), batch.end());
      lastError_ = e.what();
    }
  }
}

}  // namespace tweetlab::tracking
