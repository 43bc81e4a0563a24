#pragma once
// The MLflow settings the tracking unit tests use against the loopback contract server: a short
// timeout and a 10 ms retry delay, so a test of a refused or silent server ends in seconds.
#include "core/tracking/MlflowClient.h"
#include "tests/support/MlflowTestServer.h"

namespace tweetlab::tracking::testing_config {

inline MlflowConfig configFor(const tweetlab::testing::MlflowTestServer& server) {
  MlflowConfig c;
  c.trackingUri = server.uri();
  c.timeoutSeconds = 5;
  c.retryDelayMs = 10;
  return c;
}

}  // namespace tweetlab::tracking::testing_config
