// `tweetlab-cli runs` (list/show/compare/report/delete the local run store, list MLflow's) and
// `tweetlab-cli sync` (push the runs whose MLflow push is pending).
#include <QApplication>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "app/cli/CommonOptions.h"
#include "app/cli/RunsCommands.h"
#include "app/cli/TrackingFlags.h"
#include "core/common/Errors.h"
#include "core/common/Platform.h"
#include "core/tracking/MlflowPush.h"
#include "core/tracking/RemoteRuns.h"
#include "core/tracking/RunEdits.h"
#include "core/tracking/RunReport.h"
#include "core/tracking/RunStore.h"
#include "core/tracking/SplitScores.h"
#include "ui/charts/OffscreenPlotRenderer.h"

namespace tweetlab::cli {
namespace {

const char* kRunsHelp =
    "Usage: tweetlab-cli runs [list] [--family F] [--status S] [--text T] [--tag KEY=VALUE] "
    "[--sort METRIC] [--asc] [--limit N] [--json]\n"
    "       tweetlab-cli runs show ID [--json]\n"
    "       tweetlab-cli runs compare ID ID...\n"
    "       tweetlab-cli runs delete ID...\n"
    "       tweetlab-cli runs rename ID NAME [--tracking-uri URL]\n"
    "       tweetlab-cli runs note ID TEXT [--tracking-uri URL]\n"
    "       tweetlab-cli runs report ID... --out FILE.html [--all-params]\n"
    "       tweetlab-cli runs remote [--tracking-uri URL] [--experiment NAME] [filters] "
    "[--json]\n\n"
    "The runs of the local run store (--store DIR; default $XDG_DATA_HOME/TweetLab). IDs may be\n"
    "shortened to a unique prefix. --sort takes start_time, run_name, status or any metric\n"
    "(accuracy, roc_auc, f1, fit_time_s, ...); runs without that metric come last.\n"
    "--tag KEY=VALUE keeps runs with that tag (repeat: all must match).\n"
    "`runs report` writes one HTML file comparing the runs (metrics, ROC curves, validation\n"
    "curves, metric bars, the parameters that differ; --all-params: every parameter).\n"
    "`runs rename` and `runs note` change the run's name or notes here and, when the run was\n"
    "pushed, in MLflow too (its run name and description, tag mlflow.note.content).\n"
    "`runs remote` lists the runs of an MLflow experiment (default tweetlab), including runs\n"
    "trained elsewhere (server from --tracking-uri or MLFLOW_TRACKING_URI), with the same\n"
    "filters and sorting as `runs list`.\n\n";

std::string when(std::int64_t ms) {
  if (ms <= 0) return "-";
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  const std::tm local = platform::localTime(t);
  std::ostringstream out;
  out << std::put_time(&local, "%Y-%m-%d %H:%M");
  return out.str();
}

std::string metricText(const std::map<std::string, double>& metrics, const std::string& key) {
  auto it = metrics.find(key);
  return it == metrics.end() ? "-" : fixed(it->second);
}

// Left-aligned in `width` columns, counting characters rather than bytes ("logreg · stem").
std::string pad(const std::string& text, std::size_t width) {
  std::string out;
  std::size_t chars = 0;
  for (char c : text) {
    const bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts && chars + 1 >= width) break;
    if (starts) ++chars;
    out += c;
  }
  return out + std::string(width - chars, ' ');
}

// A titled block of "key  value" lines, keys left-aligned in a column as wide as the longest key,
// so that no key runs into its value however long it is (tweetlab.lib.nlohmann_json, ...).
void printColumns(const std::string& title,
                  const std::vector<std::pair<std::string, std::string>>& rows) {
  std::cout << title << ":\n";
  std::size_t width = 0;
  for (const auto& [key, value] : rows) width = std::max(width, key.size());
  for (const auto& [key, value] : rows)
    std::cout << "  " << key << std::string(width - key.size() + 2, ' ') << value << "\n";
}

std::string resolve(tracking::RunStore& store, const std::string& prefix) {
  auto id = store.resolveId(prefix);
  if (!id) throw InputError("no run '" + prefix + "' in " + store.root().string());
  return *id;
}

// The run a prefix names, read whole. It can vanish between resolving and reading (another
// process's `runs delete`), which is said rather than dereferenced.
tracking::RunRecord load(tracking::RunStore& store, const std::string& prefix) {
  const auto id = resolve(store, prefix);
  auto run = store.get(id);
  if (!run) throw InputError("run " + id + " was deleted while being read");
  return std::move(*run);
}

// The filters and order shared by `runs list` and `runs remote`.
tracking::RunQuery queryFrom(const Args& args) {
  tracking::RunQuery q;
  q.family = args.get("family", "");
  if (auto s = args.get("status")) q.status = tracking::runStatusFromString(*s);
  q.text = args.get("text", "");
  for (const auto& t : args.all("tag")) tracking::addTagFilter(q, t);
  q.sortBy = args.get("sort", "start_time");
  q.descending = !args.has("asc");
  q.limit = static_cast<std::size_t>(std::max(0L, args.getInt("limit", 0)));
  return q;
}

// One table (or JSON array) for local and remote runs. Remote ids are shown whole: they are what
// the MLflow UI and API take.
void print(const std::vector<tracking::RunSummary>& runs, bool json, std::size_t idWidth,
           const std::string& where) {
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : runs) {
      nlohmann::json metrics = nlohmann::json::object();
      for (const auto& [k, v] : r.metrics)
        metrics[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
      out.push_back({{"id", r.id},
                     {"experiment", r.experiment},
                     {"run_name", r.runName},
                     {"status", tracking::toString(r.status)},
                     {"start_time", r.startTimeMs},
                     {"end_time", r.endTimeMs},
                     {"model_family", r.modelFamily},
                     {"preprocessing", r.preprocessing},
                     {"metrics", metrics},
                     {"tags", r.tags},
                     {"mlflow_run_id", r.mlflowRunId},
                     {"push_pending", r.pushPending},
                     {"error", r.error},
                     {"data_source", r.dataSource},
                     {"train_rows", r.trainRows},
                     {"val_rows", r.validationRows},
                     {"test_rows", r.testRows},
                     {"has_bundle", r.hasBundle}});
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  const int idColumn = static_cast<int>(idWidth + 2);
  std::cout << std::left << std::setw(idColumn) << "id" << std::setw(26) << "name" << std::setw(10)
            << "status" << std::setw(18) << "started" << std::setw(9) << "accuracy" << std::setw(9)
            << "roc_auc" << std::setw(9) << "fit_s"
            << "mlflow\n";
  for (const auto& r : runs) {
    std::cout << std::setw(idColumn) << r.id.substr(0, idWidth) << pad(r.runName, 26)
              << std::setw(10) << tracking::toString(r.status) << std::setw(18)
              << when(r.startTimeMs) << std::setw(9) << metricText(r.metrics, "accuracy")
              << std::setw(9) << metricText(r.metrics, "roc_auc") << std::setw(9)
              << metricText(r.metrics, "fit_time_s")
              << (r.pushPending           ? "pending"
                  : r.mlflowRunId.empty() ? "-"
                                          : r.mlflowRunId.substr(0, 8))
              << "\n";
  }
  std::cout << runs.size() << " run(s) in " << where << "\n";
}

int list(tracking::RunStore& store, const Args& args) {
  auto q = queryFrom(args);
  q.experiment = args.get("experiment", "");
  print(store.list(q), args.has("json"), 8, store.root().string());
  return 0;
}

int show(tracking::RunStore& store, const Args& args) {
  if (args.positionals().size() != 2) throw UsageError("runs show takes one run id");
  const auto run = load(store, args.positionals()[1]);
  if (args.has("json")) {
    std::cout << tracking::toJson(run).dump(2) << "\n";
    return 0;
  }
  std::cout << "run " << run.id << "  " << run.runName << "  (" << tracking::toString(run.status)
            << ")\n"
            << "  experiment " << run.experiment << ", started " << when(run.startTimeMs)
            << ", ended " << when(run.endTimeMs) << ", host " << run.host << "\n";
  if (!run.error.empty()) std::cout << "  error: " << run.error << "\n";
  if (!run.mlflowRunId.empty()) std::cout << "  MLflow run " << run.mlflowRunId << "\n";
  std::vector<std::pair<std::string, std::string>> metrics;
  for (const auto& [k, v] : run.metrics) metrics.emplace_back(k, fixed(v));
  printColumns("metrics", metrics);
  printColumns("params", {run.params.begin(), run.params.end()});
  printColumns("tags", {run.tags.begin(), run.tags.end()});
  std::vector<std::pair<std::string, std::string>> history;
  for (const auto& p : run.history)
    history.emplace_back(p.key, "step " + std::to_string(p.step) + "  " + fixed(p.value));
  printColumns("history (" + std::to_string(run.history.size()) + " points)", history);
  std::vector<std::pair<std::string, std::string>> artifacts;
  for (const auto& a : run.artifacts)
    artifacts.emplace_back(a.path, std::to_string(a.bytes) + " bytes");
  printColumns("artifacts (" + store.artifactDir(run.id).string() + ")", artifacts);
  if (!run.notes.empty()) std::cout << "notes: " << run.notes << "\n";
  return 0;
}

// A score of a split part with too few rows carries a '*', and the lines under the table say
// why in the words `train` prints under such a part.
int compare(tracking::RunStore& store, const Args& args) {
  if (args.positionals().size() < 3) throw UsageError("runs compare takes two or more run ids");
  std::vector<tracking::RunRecord> runs;
  std::vector<tracking::RunSummary> summaries;
  std::set<std::string> keys;
  for (std::size_t i = 1; i < args.positionals().size(); ++i) {
    runs.push_back(load(store, args.positionals()[i]));
    summaries.push_back(tracking::summaryOf(runs.back()));
    for (const auto& [k, v] : runs.back().metrics) keys.insert(k);
  }
  std::cout << std::left << std::setw(24) << "metric";
  for (const auto& r : runs)
    std::cout << std::setw(20) << (r.id.substr(0, 8) + " " + r.runName).substr(0, 19);
  std::cout << "\n";
  std::set<std::pair<std::size_t, bool>> flagged;  // (run, test part): validation first
  for (const auto& k : keys) {
    std::cout << std::setw(24) << k;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      auto text = metricText(runs[i].metrics, k);
      if (text != "-" && !tracking::fewRowsWarning(summaries[i], k).empty()) {
        text += " *";
        flagged.emplace(i, tracking::splitPartOf(k) == "test");
      }
      std::cout << std::setw(20) << text;
    }
    std::cout << "\n";
  }
  for (const auto& [i, test] : flagged) {
    std::cout << "* " << runs[i].id.substr(0, 8) << (test ? " test" : " validation")
              << " too few rows to trust: "
              << tracking::fewRowsWarning(summaries[i], test ? "test_accuracy" : "accuracy")
              << "\n";
  }
  return 0;
}

// The run's name or notes, here and in its MLflow run when it was pushed. Exit code 1 when only
// the local store took the edit (MLflow refused it or did not answer: said on stderr).
int edit(tracking::RunStore& store, const Args& args, tracking::RunField field) {
  const auto& words = args.positionals();
  const bool name = field == tracking::RunField::Name;
  if (words.size() != 3)
    throw UsageError("runs " + words[0] + " takes a run id and " +
                     (name ? "the new name" : "the notes (quoted)"));
  const auto id = resolve(store, words[1]);
  const auto config =
      tracking::MlflowConfig::fromEnvironment(args.get("tracking-uri", args.get("mlflow", "")));
  const auto out =
      tracking::editRun(store, config.trackingUri.empty() ? std::nullopt : std::optional(config),
                        id, field, words[2]);
  if (!out.local) throw InputError("no run " + id + " in " + store.root().string());
  std::cout << (name ? "renamed run " : "notes saved for run ") << id
            << (out.mlflow ? " (in MLflow too)" : "") << "\n";
  if (out.mlflowError.empty()) return 0;
  std::cerr << "MLflow was not updated: " << out.mlflowError << "\n";
  return 1;
}

int remote(const Args& args) {
  const auto config =
      tracking::MlflowConfig::fromEnvironment(args.get("tracking-uri", args.get("mlflow", "")));
  if (config.trackingUri.empty())
    throw UsageError("runs remote needs --tracking-uri URL or MLFLOW_TRACKING_URI");
  const auto name = args.get("experiment", "tweetlab");
  const auto runs =
      tracking::applyQuery(tracking::fetchRemoteRuns(config, name, 0), queryFrom(args));
  print(runs, args.has("json"), 32, "MLflow experiment " + name + " at " + config.trackingUri);
  return 0;
}

int report(tracking::RunStore& store, const Args& args) {
  if (args.positionals().size() < 2) throw UsageError("runs report takes one or more run ids");
  const auto out = args.get("out");
  if (!out) throw UsageError("runs report needs --out FILE.html");
  std::vector<std::string> ids;
  for (std::size_t i = 1; i < args.positionals().size(); ++i)
    ids.push_back(resolve(store, args.positionals()[i]));
  const auto runs = tracking::loadComparedRuns(store, ids);
  // The plots are the workbench's charts painted offscreen: no display needed.
  const auto app = charts::ensureGuiApplication();
  charts::OffscreenPlotRenderer renderer;
  tracking::ReportOptions options;
  options.onlyDifferences = !args.has("all-params");
  tracking::writeReport(runs, *out, &renderer, options);
  std::cout << "report on " << runs.size() << " run(s) written to " << *out << "\n";
  return 0;
}

}  // namespace

int runRuns(const Argv& argv) {
  Args args(argv,
            {"store", "family", "status", "text", "tag", "sort", "limit", "experiment",
             "tracking-uri", "mlflow", "out"},
            {"help", "json", "asc", "all-params"});
  if (args.has("help")) {
    std::cout << kRunsHelp;
    return 0;
  }
  const auto action = args.positionals().empty() ? std::string("list") : args.positionals()[0];
  if (action == "remote") return remote(args);
  tracking::RunStore store(storeRootFrom(args));
  if (action == "list") return list(store, args);
  if (action == "show") return show(store, args);
  if (action == "compare") return compare(store, args);
  if (action == "report") return report(store, args);
  if (action == "rename") return edit(store, args, tracking::RunField::Name);
  if (action == "note") return edit(store, args, tracking::RunField::Notes);
  if (action == "delete") {
    if (args.positionals().size() < 2) throw UsageError("runs delete takes one or more run ids");
    for (std::size_t i = 1; i < args.positionals().size(); ++i) {
      const auto id = resolve(store, args.positionals()[i]);
      store.remove(id);
      std::cout << "deleted run " << id << " and its artifacts\n";
    }
    return 0;
  }
  throw UsageError("runs: unknown action '" + action +
                   "' (list, show, compare, report, delete, rename, note, remote)");
}

int runSync(const Argv& argv) {
  static const char* kHelp =
      "Usage: tweetlab-cli sync [--store DIR] [--tracking-uri URL] [--due-only]\n\n"
      "Pushes the runs whose MLflow push is pending (the server was down or answered with an\n"
      "error) to the server each was meant for, or to --tracking-uri. Runs already pushed are\n"
      "never pushed twice. Exits 1 when some push still fails.\n\n";
  Args args(argv, {"store", "tracking-uri", "mlflow"}, {"help", "due-only"});
  if (args.has("help")) {
    std::cout << kHelp;
    return 0;
  }
  tracking::RunStore store(storeRootFrom(args));
  std::set<std::string> targets;
  const auto uri = args.get("tracking-uri", args.get("mlflow", ""));
  for (const auto& p : store.pendingPushes()) targets.insert(uri.empty() ? p.target : uri);
  if (!uri.empty()) {
    // Re-aim every pending push at the given server.
    for (const auto& p : store.pendingPushes()) store.queuePush(p.runId, uri);
  }
  int failed = 0, pushed = 0, training = 0;
  tracking::PushOptions options;
  options.sourceName = "tweetlab-cli";
  for (const auto& target : targets) {
    tracking::MlflowClient client(tracking::MlflowConfig::fromEnvironment(target));
    const auto report = tracking::syncPending(store, client, !args.has("due-only"), options);
    pushed += report.pushed;
    failed += report.failed + report.notTried;
    training += report.training;
    for (const auto& e : report.errors) std::cerr << "  not pushed: " << e << "\n";
    if (report.notTried > 0) {
      std::cerr << "  " << report.notTried << " more run(s) not tried: " << target
                << " did not answer\n";
    }
  }
  std::cout << "sync: " << pushed << " run(s) pushed, " << failed << " still pending";
  if (training > 0) std::cout << ", " << training << " still training (their process pushes them)";
  std::cout << "\n";
  return failed > 0 ? 1 : 0;
}

}  // namespace tweetlab::cli
