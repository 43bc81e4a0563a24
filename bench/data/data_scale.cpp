// Loads a (large) Sentiment140-format file, draws a balanced sample and splits it, timing each
// step and reporting peak resident memory. Prints one JSON object.
// Usage: bench_data_scale FILE [SAMPLE]
#include <sys/resource.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/data/DatasetLoader.h"
#include "core/data/Sampling.h"
#include "core/data/Splitting.h"

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double peakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

static int benchMain(int argc, char** argv) {
  using namespace tweetlab::data;
  if (argc < 2) {
    std::cerr << "usage: bench_data_scale FILE [SAMPLE]\n";
    return 2;
  }
  const std::size_t sample = argc > 2 ? std::stoul(argv[2]) : 0;
  auto t = std::chrono::steady_clock::now();
  auto loaded = loadDataset(argv[1]);
  const double loadSeconds = secondsSince(t);
  t = std::chrono::steady_clock::now();
  auto sampled = balancedSample(loaded.dataset, sample, 42);
  const double sampleSeconds = secondsSince(t);
  t = std::chrono::steady_clock::now();
  const auto split = stratifiedSplit(std::move(sampled), {}, 42);
  const double splitSeconds = secondsSince(t);
  nlohmann::json out{{"rows_loaded", loaded.report.rowsLoaded},
                     {"rows_skipped", loaded.report.skippedCount},
                     {"sample", sample},
                     {"train_rows", split.train.size()},
                     {"load_s", loadSeconds},
                     {"sample_s", sampleSeconds},
                     {"split_s", splitSeconds},
                     {"total_s", loadSeconds + sampleSeconds + splitSeconds},
                     {"peak_rss_mib", peakRssMiB()}};
  std::cout << out.dump() << "\n";
  return 0;
}

int main(int argc, char** argv) {
  try {
    return benchMain(argc, argv);
  } catch (const std::exception& e) {  // a bad file or number: say so, not std::terminate
    std::cerr << "bench_data_scale: " << e.what() << "\n";
    return 1;
  }
}
