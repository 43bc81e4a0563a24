#include "core/tracking/RunReport.h"

#include <openssl/evp.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/RegularFile.h"
#include "core/tracking/RunStore.h"
#include "core/tracking/SplitScores.h"

namespace tweetlab::tracking {
namespace fs = std::filesystem;
namespace {

constexpr std::uint64_t kMaxPlotBytes = 64ull << 20;

std::string escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// "0.8123", or "–" for a metric the run does not have (or NaN: never a number to compare).
std::string number(double v) {
  if (!std::isfinite(v)) return "–";
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", v);
  return text;
}

std::string nowText() {
  const std::time_t t = std::time(nullptr);
  std::tm utc{};
#ifdef _WIN32
  gmtime_s(&utc, &t);
#else
  gmtime_r(&t, &utc);
#endif
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::vector<eval::RocPoint> readRoc(const fs::path& file) {
  std::vector<eval::RocPoint> roc;
  std::error_code ec;
  if (!fs::exists(file, ec)) return roc;
  try {
    const auto json = readJsonFile(file);
    for (const auto& p : json.at("points")) {
      roc.push_back({p.at(0).get<double>(), p.at(1).get<double>(),
                     p.at(2).is_number() ? p.at(2).get<double>() : 0.0});
    }
  } catch (const std::exception&) {
    roc.clear();  // a damaged file only costs this run's curve
  }
  return roc;
}

// Draws one plot into `folder` and gives its <img>, or a line saying why there is none.
template <class Draw>
std::string plot(const fs::path& folder, const char* name, const char* alt, Draw&& draw) {
  const auto png = folder / name;
  try {
    draw(png);
    return "<img alt=\"" + std::string(alt) + "\" src=\"data:image/png;base64," +
           base64(readRegularFile(png, kMaxPlotBytes, "plot")) + "\">";
  } catch (const std::exception& e) {
    return "<p>No plot: " + escape(e.what()) + "</p>";
  }
}

std::string plotsHtml(const std::vector<ComparedRun>& runs, PlotRenderer& renderer) {
  const fs::path folder = fs::temp_directory_path() / ("tweetlab-report-" + newRunId());
  std::string html;
  html += "<h2>ROC curves</h2>" + plot(folder, "roc.png", "ROC curves", [&](const fs::path& png) {
            renderer.renderRoc(rocPlots(runs), png);
          });
  html += "<h2>Training history</h2>" +
          plot(folder, "history.png", "history", [&](const fs::path& png) {
            renderer.renderHistoryOverlay(historyPlots(runs), png);
          });
  html += "<h2>Metrics</h2>" + plot(folder, "metrics.png", "metrics", [&](const fs::path& png) {
            renderer.renderMetricBars(metricBars(runs), png);
          });
  std::error_code ec;
  fs::remove_all(folder, ec);
  return html;
}

}  // namespace

std::vector<ComparedRun> loadComparedRuns(RunStore& store, const std::vector<std::string>& ids) {
  std::vector<ComparedRun> out;
  for (const auto& id : ids) {
    auto record = store.get(id);
    if (!record) continue;
    ComparedRun run;
    run.roc = readRoc(store.artifactDir(record->id) / "roc_curve.json");
    run.record = std::move(*record);
    out.push_back(std::move(run));
  }
  return out;
}

std::vector<RocPlot> rocPlots(const std::vector<ComparedRun>& runs) {
  std::vector<RocPlot> out;
  for (const auto& r : runs) {
    if (!r.roc.empty()) out.push_back({r.record.runName, r.roc, r.record.metric(metric::kRocAuc)});
  }
  return out;
}

std::vector<RunHistoryPlot> historyPlots(const std::vector<ComparedRun>& runs) {
  std::vector<RunHistoryPlot> out;
  for (const auto& r : runs) out.push_back({r.record.runName, r.record.history});
  return out;
}

MetricBarsPlot metricBars(const std::vector<ComparedRun>& runs) {
  MetricBarsPlot bars;
  const char* keys[] = {metric::kAccuracy, metric::kRocAuc, metric::kF1};
  bars.metrics = {"accuracy", "ROC AUC", "F1"};
  bars.values.resize(std::size(keys));
  for (const auto& r : runs) {
    // The bars are validation scores: a run scored on too few rows says so under its bars.
    const auto summary = summaryOf(r.record);
    const bool few = !fewRowsWarning(summary, metric::kAccuracy).empty();
    bars.runs.push_back(few ? r.record.runName + " (" + std::to_string(summary.validationRows) +
                                  " validation rows: too few)"
                            : r.record.runName);
    for (std::size_t i = 0; i < std::size(keys); ++i)
      bars.values[i].push_back(r.record.metric(keys[i]));
  }
  return bars;
}

std::vector<std::string> paramRows(const std::vector<ComparedRun>& runs, bool onlyDifferences) {
  std::set<std::string> keys;
  for (const auto& r : runs) {
    for (const auto& [k, v] : r.record.params) keys.insert(k);
  }
  std::vector<std::string> rows;
  for (const auto& k : keys) {
    std::set<std::string> values;
    for (const auto& r : runs) values.insert(paramValue(r.record, k));
    if (!onlyDifferences || values.size() > 1 || runs.size() < 2) rows.push_back(k);
  }
  return rows;
}

std::string paramValue(const RunRecord& record, const std::string& key) {
  const auto it = record.params.find(key);
  return it == record.params.end() ? std::string("–") : it->second;
}

std::string reportHtml(const std::vector<ComparedRun>& runs, PlotRenderer* renderer,
                       const ReportOptions& options) {
  const std::string title = runs.size() == 1 ? "TweetLab run report" : "TweetLab run comparison";
  std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
      "</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px}"
      "th{background:#f0f0f0}td.num{text-align:right}td.few{color:#888}img{max-width:100%}</style>"
      "</head><body>";
  html += "<h1>" + title + "</h1><p>" + std::to_string(runs.size()) + " run(s), exported " +
          nowText() + ".</p>";
  html += "<h2>Metrics (validation)</h2><table><tr><th>Run</th><th>Model</th><th>Status</th>";
  const char* keys[] = {metric::kAccuracy,  metric::kRocAuc,           metric::kF1,
                        metric::kPrecision, metric::kRecall,           metric::kLogLoss,
                        metric::kFitTime,   metric::kPredictMsPerTweet};
  for (const char* k : keys) html += std::string("<th>") + k + "</th>";
  html += "</tr>";
  for (const auto& r : runs) {
    html += "<tr><td>" + escape(r.record.runName) + "</td><td>" + escape(r.record.modelFamily()) +
            "</td><td>" + toString(r.record.status) + "</td>";
    const auto summary = summaryOf(r.record);
    for (const char* k : keys) {
      // A score of a part with too few rows is grey, and says why when hovered.
      const auto value = r.record.metric(k);
      const auto warning = std::isfinite(value) ? fewRowsWarning(summary, k) : std::string();
      html += warning.empty()
                  ? std::string("<td class=\"num\">")
                  : "<td class=\"num few\" title=\"" + escape("validation: " + warning) + "\">";
      html += number(value) + "</td>";
    }
    html += "</tr>";
  }
  html += "</table>";
  html += renderer ? plotsHtml(runs, *renderer)
                   : std::string("<p>No plots: no plot renderer available.</p>");

  const bool onlyDifferences = options.onlyDifferences && runs.size() > 1;
  html += std::string("<h2>Parameters") + (onlyDifferences ? " that differ" : "") +
          "</h2><table><tr><th></th>";
  for (const auto& r : runs) html += "<th>" + escape(r.record.runName) + "</th>";
  html += "</tr>";
  for (const auto& key : paramRows(runs, options.onlyDifferences)) {
    html += "<tr><th>" + escape(key) + "</th>";
    for (const auto& r : runs) html += "<td>" + escape(paramValue(r.record, key)) + "</td>";
    html += "</tr>";
  }
  html += "</table><h2>Runs</h2><ul>";
  for (const auto& r : runs) {
    const auto digest = r.record.tags.find(tag::kDatasetDigest);
    html += "<li><b>" + escape(r.record.runName) + "</b> — id " + escape(r.record.id) +
            ", dataset digest " +
            escape(digest == r.record.tags.end() ? std::string("–") : digest->second);
    if (!r.record.error.empty())
      html += ", " + toString(r.record.status) + ": " + escape(r.record.error);
    html += "</li>";
  }
  html += "</ul></body></html>";
  return html;
}

void writeReport(const std::vector<ComparedRun>& runs, const fs::path& htmlFile,
                 PlotRenderer* renderer, const ReportOptions& options) {
  if (runs.empty()) throw InputError("a report needs at least one run");
  writeFileAtomically(htmlFile, reportHtml(runs, renderer, options));
}

}  // namespace tweetlab::tracking
