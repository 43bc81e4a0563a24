#pragma once
// A run shown in MLflow while it trains: RunRecorder starts one of these when an MLflow server is
// configured. A background thread creates the MLflow run (RUNNING, with the run's tags and the
// params that cannot change) as training starts and sends each epoch's points in one log-batch as
// the epoch ends; the training thread only hands the points over and never waits for the network.
//
// Local first: the store holds everything and the run is queued for the final push from the
// start, so a server that is down costs only the live view. Points that could not be sent are
// tried again with the next epoch, and the final push (track(), or a later sync) sends the whole
// run anyway to the same MLflow run (ensureMlflowRun remembers it in the store), so nothing is
// lost and nothing is created twice.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/tracking/MlflowClient.h"
#include "core/tracking/MlflowPush.h"
#include "core/tracking/RunStore.h"

namespace tweetlab::tracking {

class LivePush {
 public:
  // `begun` is the RUNNING record as the store holds it; `store` must outlive this object.
  LivePush(RunStore& store, RunRecord begun, const MlflowConfig& config,
           const PushOptions& options);
  ~LivePush();  // stop()
  LivePush(const LivePush&) = delete;
  LivePush& operator=(const LivePush&) = delete;

  // Queues points for the next log-batch and wakes the sender. Never blocks on the network.
  void send(std::vector<MetricPoint> points);
  // Ends the sender after the request in flight (bounded by the short live timeout); points not
  // sent are left to the final push. Called before the run's final push, which must not race it.
  void stop();

  // For tests and the terminal: batches sent, and the last failure ("" when none).
  int batchesSent() const;
  std::string lastError() const;

  // Params that may still change when the training ends (the hyper-parameters as used, e.g. C
  // chosen by cross-validation) are not sent live: MLflow params are immutable.
  static bool settledAtStart(const std::string& paramKey);

 private:
  void loop();
  void begin();

  RunStore& store_;
  RunRecord record_;
  PushOptions options_;
  std::unique_ptr<MlflowClient> client_;
  std::string mlflowRunId_;  // only the sender thread touches it

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<MetricPoint> pending_;
  bool work_ = true;  // begin at once
  bool stopping_ = false;
  int batches_ = 0;
  std::string lastError_;
  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace tweetlab::tracking
