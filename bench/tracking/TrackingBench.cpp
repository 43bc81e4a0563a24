// tracking_bench: how fast the run store writes and reads runs compared with the simplest
// alternative (one JSON file per run, written atomically), and what track() adds to a training
// run compared with the fit it records. Ratios, measured in the same process.
#include <unistd.h>

#include <QApplication>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "core/common/Json.h"
#include "core/common/Platform.h"
#include "core/common/Resources.h"
#include "core/tracking/Tracking.h"
#include "ui/charts/OffscreenPlotRenderer.h"

using namespace tweetlab;
using namespace tweetlab::tracking;
namespace fs = std::filesystem;

namespace {

double seconds(const std::chrono::steady_clock::time_point& since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

RunRecord syntheticRun(int i) {
  RunRecord r;
  r.id = newRunId();
  r.runName = "run " + std::to_string(i);
  r.status = RunStatus::Finished;
  r.startTimeMs = nowMs();
  r.endTimeMs = r.startTimeMs + 1000;
  r.spec = {{"model", {{"family", "bilstm"}, {"params", {{"hidden", 64}}}}}};
  for (int p = 0; p < 20; ++p) r.params["param" + std::to_string(p)] = std::to_string(p * i);
  for (int m = 0; m < 15; ++m) r.metrics["metric" + std::to_string(m)] = (i % 97) / 97.0 + m;
  r.metrics["accuracy"] = (i % 89) / 89.0;
  for (int e = 1; e <= 10; ++e) {
    for (const char* k : {"loss", "accuracy", "val_loss", "val_accuracy"})
      r.history.push_back({k, 1.0 / e, e, r.startTimeMs + e});
  }
  for (int t = 0; t < 10; ++t) r.tags["tag" + std::to_string(t)] = "value";
  r.tags[tag::kModelFamily] = "bilstm";
  r.host = platform::hostName();
  r.pid = 1;
  return r;
}

}  // namespace

static int benchMain(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 500;
  const auto dir = fs::temp_directory_path() / ("tracking-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir / "json");
  std::vector<RunRecord> records;
  for (int i = 0; i < runs; ++i) records.push_back(syntheticRun(i));

  RunStore store(dir / "store");
  auto t = std::chrono::steady_clock::now();
  for (const auto& r : records) store.save(r);
  const double storeWrite = seconds(t);
  t = std::chrono::steady_clock::now();
  for (const auto& r : records) writeJsonFile(dir / "json" / (r.id + ".json"), toJson(r));
  const double jsonWrite = seconds(t);

  RunQuery q;
  q.sortBy = "accuracy";
  t = std::chrono::steady_clock::now();
  const auto listed = store.list(q);
  const double storeList = seconds(t);
  t = std::chrono::steady_clock::now();
  std::vector<RunRecord> fromJson;
  for (const auto& entry : fs::directory_iterator(dir / "json"))
    fromJson.push_back(runRecordFromJson(readJsonFile(entry.path())));
  std::sort(fromJson.begin(), fromJson.end(), [](const RunRecord& a, const RunRecord& b) {
    return a.metric("accuracy") > b.metric("accuracy");
  });
  const double jsonList = seconds(t);
  t = std::chrono::steady_clock::now();
  for (const auto& s : listed) store.get(s.id);
  const double storeGet = seconds(t);

  std::printf("run store, %d runs (20 params, 16 metrics, 40 history points, 11 tags each):\n",
              runs);
  std::printf(
      "  write: %.0f runs/s (%.2f ms/run); one JSON file per run: %.0f runs/s; ratio store/json "
      "%.2f\n",
      runs / storeWrite, 1000 * storeWrite / runs, runs / jsonWrite, jsonWrite / storeWrite);
  std::printf(
      "  list all sorted by a metric: %.1f ms; reading+sorting the JSON files: %.1f ms; ratio "
      "%.2f\n",
      1000 * storeList, 1000 * jsonList, jsonList / storeList);
  std::printf("  get one run with history: %.3f ms\n", 1000 * storeGet / runs);

  auto app = charts::ensureGuiApplication();
  charts::OffscreenPlotRenderer renderer;
  experiment::ExperimentSpec spec;
  spec.data.path = bundledSamplePath();
  spec.model.family = "logreg";
  spec.threads = 1;
  const auto prepared = experiment::prepareData(spec.data, train::silentObserver());
  const auto result = experiment::runExperiment(spec, prepared, train::silentObserver());
  TrackingOptions options;
  options.store = &store;
  options.renderer = &renderer;
  t = std::chrono::steady_clock::now();
  const int repeats = 5;
  for (int i = 0; i < repeats; ++i) track(TrackInput::finished(result), options);
  const double withPlots = seconds(t) / repeats;
  options.renderer = nullptr;
  t = std::chrono::steady_clock::now();
  for (int i = 0; i < repeats; ++i) track(TrackInput::finished(result), options);
  const double withoutPlots = seconds(t) / repeats;
  std::printf("track() of a logreg run (16k sample, 5-fold CV, fit %.2f s):\n", result.fitSeconds);
  std::printf("  with 2 PNG plots + bundle: %.0f ms (%.1f%% of the fit); without plots: %.0f ms\n",
              1000 * withPlots, 100 * withPlots / result.fitSeconds, 1000 * withoutPlots);
  fs::remove_all(dir);
  return 0;
}

int main(int argc, char** argv) {
  try {
    return benchMain(argc, argv);
  } catch (const std::exception& e) {  // a bad file or number: say so, not std::terminate
    std::cerr << "tracking_bench: " << e.what() << "\n";
    return 1;
  }
}
