// In-process reference for bench/serve/run.sh: the same bundle's Predictor called directly on
// single texts (what one /predict request does, minus HTTP), on 1 and N threads.
// Usage: bench_serve_predictor BUNDLE TEXTS_FILE SECONDS THREADS   -> one JSON object on stdout
#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "core/bundle/Predictor.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: bench_serve_predictor BUNDLE TEXTS_FILE SECONDS THREADS\n";
    return 2;
  }
  const auto predictor = tweetlab::bundle::Predictor::load(argv[1]);
  std::vector<std::string> texts;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) texts.push_back(line);
  }
  const double seconds = std::stod(argv[3]);
  const int threads = std::stoi(argv[4]);
  using Clock = std::chrono::steady_clock;

  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
  std::atomic<bool> go{false};
  std::vector<std::thread> workers;
  const auto end = Clock::now() + std::chrono::duration<double>(seconds + 0.05);
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      while (!go) std::this_thread::yield();
      auto& mine = latencies[static_cast<std::size_t>(t)];
      for (std::size_t i = static_cast<std::size_t>(t); Clock::now() < end; ++i) {
        const auto start = Clock::now();
        const auto p = predictor->predict(texts[i % texts.size()]);
        mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        if (p.label < 0) std::abort();  // keep the call observable
      }
    });
  }
  const auto started = Clock::now();
  go = true;
  for (auto& w : workers) w.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  const auto pct = [&all](double q) {
    return all[std::min(all.size() - 1, static_cast<std::size_t>(q * all.size()))];
  };
  std::cout << nlohmann::json{{"family", predictor->manifest().family},
                              {"threads", threads},
                              {"calls", all.size()},
                              {"calls_per_s", all.size() / elapsed},
                              {"p50_ms", pct(0.50) / 1000.0},
                              {"p99_ms", pct(0.99) / 1000.0}}
                   .dump()
            << "\n";
  return 0;
}
