#pragma once
// A run store filled with runs as training leaves them (name, family, data source, split row
// counts, metrics), without training anything: for tests of how the Runs page shows them.
#include <filesystem>
#include <string>

#include "core/tracking/RunStore.h"

namespace tweetlab::testing {

// `count` FINISHED logreg runs named run-0 .. run-<count-1>, trained on tweets.csv (run-i on
// 1000 + i rows, validated on 200, tested on 100), each with its bundle and the user's tag
// purpose=sweep. Every run numbered in `failedEvery` steps (0 = none) is FAILED with the reason
// "out of memory" and no bundle instead.
inline void writeSampleRuns(const std::filesystem::path& storeRoot, int count,
                            int failedEvery = 0) {
  tracking::RunStore store(storeRoot);
  for (int i = 0; i < count; ++i) {
    tracking::RunRecord run;
    run.runName = "run-" + std::to_string(i);
    run.params["model.family"] = "logreg";
    run.tags[tracking::tag::kModelFamily] = "logreg";
    run.params["data.path"] = "/data/sentiment/tweets.csv";
    run.params["data.train_rows"] = std::to_string(1000 + i);
    run.params["data.val_rows"] = "200";
    run.params["data.test_rows"] = "100";
    run.tags["purpose"] = "sweep";
    store.beginRun(run);
    run.endTimeMs = run.startTimeMs + 1;
    if (failedEvery > 0 && i % failedEvery == 0) {
      run.status = tracking::RunStatus::Failed;
      run.error = "out of memory";
    } else {
      run.status = tracking::RunStatus::Finished;
      run.metrics["accuracy"] = 0.7;
      run.artifacts.push_back({"model/manifest.json", 2, ""});  // kept its bundle
    }
    store.save(run);
  }
}

}  // namespace tweetlab::testing
