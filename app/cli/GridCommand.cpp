// tweetlab-cli grid SPEC.json: one experiment per combination of the grid's values, all on the
// same sample and split, then a table sorted by validation score.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "app/cli/Commands.h"
#include "app/cli/CommonOptions.h"
#include "app/cli/GridCluster.h"
#include "app/cli/Placement.h"
#include "app/cli/ResultPrinter.h"
#include "app/cli/TerminalObserver.h"
#include "app/cli/TrackingFlags.h"
#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Resources.h"
#include "core/experiment/Experiment.h"

namespace tweetlab::cli {
namespace {

const char* kGridHelp =
    "Usage: tweetlab-cli grid SPEC.json [--data FILE ...] [--threads N] [--out DIR] [--json] "
    "[--quiet]\n\n"
    "SPEC.json is an experiment spec (as for `train --spec`) with a \"grid\" object: each key is "
    "a\n"
    "dotted path into the spec, each value the list of values to try. Every combination is\n"
    "trained on the same sample and split and the table is sorted by \"sort_by\" (val_accuracy,\n"
    "val_auc, or an evaluation set's NAME_accuracy, NAME_balanced_accuracy, NAME_roc_auc,\n"
    "NAME_macro_f1 when data.eval names one; default val_accuracy), best first. Example:\n\n"
    "  {\"data\": {\"path\": \"sample\", \"sample\": 16000, \"seed\": 42},\n"
    "   \"model\": {\"family\": \"bilstm\", \"params\": {\"epochs\": 10}},\n"
    "   \"grid\": {\"preprocessing.morphology\": [\"stem\", \"lemma\"],\n"
    "            \"model.params.embedding\": [\"word2vec\", \"fasttext\"]}}\n\n"
    "With --out, each run's bundle is written to DIR/<run number>-<values>. --device D sets every\n"
    "run's device (cnn, bilstm, bert).\n\n"
    "  tweetlab-cli grid status JOB   each task of a grid sent to Slurm, with its MLflow run\n\n";

struct Axis {
  std::string path;
  std::vector<nlohmann::json> values;
};

// Sets spec["a"]["b"]["c"] for path "a.b.c", creating the objects on the way.
void setPath(nlohmann::json& spec, const std::string& path, const nlohmann::json& value) {
  nlohmann::json* node = &spec;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const auto key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (key.empty()) throw InputError("grid key '" + path + "' has an empty part");
    if (!node->is_object()) throw InputError("grid key '" + path + "' goes through a non-object");
    if (dot == std::string::npos) {
      (*node)[key] = value;
      return;
    }
    node = &(*node)[key];
    if (node->is_null()) *node = nlohmann::json::object();
    start = dot + 1;
  }
}

std::string valueText(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::vector<Axis> axesOf(const nlohmann::json& grid, const std::string& file) {
  if (!grid.is_object() || grid.empty()) {
    throw InputError(file + ": \"grid\" must be an object of \"dotted.path\": [values...]");
  }
  std::vector<Axis> axes;
  for (const auto& [path, values] : grid.items()) {
    if (!values.is_array() || values.empty()) {
      throw InputError(file + ": grid." + path + " must be a non-empty list of values");
    }
    axes.push_back({path, std::vector<nlohmann::json>(values.begin(), values.end())});
  }
  return axes;
}

struct Row {
  std::size_t run = 0;
  std::vector<std::string> values;
  experiment::ExperimentResult result;
};

void printTable(std::ostream& out, const std::vector<Axis>& axes, const std::vector<Row*>& rows) {
  std::vector<std::size_t> widths;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    std::size_t w = axes[a].path.substr(axes[a].path.rfind('.') + 1).size();
    for (const auto* r : rows) w = std::max(w, r->values[a].size());
    widths.push_back(std::min<std::size_t>(w, 40));
  }
  auto cell = [](std::string s, std::size_t w) {
    if (s.size() > w) s = s.substr(0, w - 1) + "~";
    return s + std::string(w - s.size() + 2, ' ');
  };
  out << cell("#", 3);
  for (std::size_t a = 0; a < axes.size(); ++a)
    out << cell(axes[a].path.substr(axes[a].path.rfind('.') + 1), widths[a]);
  char numbers[160];
  std::snprintf(numbers, sizeof numbers, "%8s %8s %8s %8s %9s %7s %8s %8s", "val_acc", "val_auc",
                "val_f1", "test_acc", "fit_s", "epochs", "s/epoch", "emb_cov");
  out << numbers;
  // The first named evaluation set (the target domain): balanced accuracy and AUC.
  const std::string target = rows.empty() || rows.front()->result.evaluations.empty()
                                 ? std::string()
                                 : rows.front()->result.evaluations.front().name;
  if (!target.empty()) out << "  " << target << ": b_acc    auc";
  out << "\n";
  for (const auto* r : rows) {
    out << cell(std::to_string(r->run), 3);
    for (std::size_t a = 0; a < axes.size(); ++a) out << cell(r->values[a], widths[a]);
    const auto& v = r->result.validation;
    // Deep runs only: seconds per epoch and the embedding's vocabulary coverage ("-" otherwise).
    const auto& report = r->result.fitReport;
    const auto embedding = report.value("embedding", nlohmann::json::object());
    const std::string perEpoch = report.contains("seconds_per_epoch")
                                     ? fixed(report.value("seconds_per_epoch", 0.0), 2)
                                     : "-";
    const std::string coverage =
        embedding.contains("coverage") ? fixed(embedding.value("coverage", 0.0), 3) : "-";
    std::snprintf(numbers, sizeof numbers, "%8s %8s %8s %8s %9s %7zu %8s %8s",
                  fixed(v.accuracy).c_str(), fixed(v.rocAuc).c_str(), fixed(v.f1).c_str(),
                  fixed(r->result.test.accuracy).c_str(), fixed(r->result.fitSeconds, 1).c_str(),
                  r->result.history.size(), perEpoch.c_str(), coverage.c_str());
    out << numbers;
    if (!target.empty() && !r->result.evaluations.empty()) {
      const auto& e = r->result.evaluations.front();
      const bool both = !e.oneClass();
      out << std::string(target.size() + 4, ' ')
          << (both ? fixed(e.metrics.balancedAccuracy) : std::string("   n/a")) << " "
          << (both ? fixed(e.metrics.rocAuc) : std::string("   n/a"));
    }
    out << "\n";
  }
}

}  // namespace

int runGrid(const Argv& argv) {
  if (!argv.empty() && argv.front() == "status")
    return runGridStatus(Argv(argv.begin() + 1, argv.end()));
  auto valued = kDataOptions;
  valued.insert({"threads", "out"});
  valued.insert(kSourceOptions.begin(), kSourceOptions.end());
  valued.insert(kTrackingOptions.begin(), kTrackingOptions.end());
  valued.insert(kSlurmOptions.begin(), kSlurmOptions.end());
  valued.insert(kDeviceOptions.begin(), kDeviceOptions.end());
  auto flags = kTrackingFlags;
  flags.insert({"help", "json", "quiet"});
  Args args(argv, valued, flags);
  if (args.has("help")) {
    std::cout << kGridHelp << kSlurmHelp << kTrackingHelp << kDataHelp << kSourcesHelp;
    return 0;
  }
  const auto executor = args.get("executor", "local");
  if (executor != "local" && executor != "slurm")
    throw UsageError("--executor must be local or slurm, not '" + executor + "'");
  const bool slurm = executor == "slurm";
  if (slurm && args.has("out"))
    throw UsageError("--out is for --executor local: on Slurm each run's model goes to MLflow");
  for (const auto& option : kSlurmOptions) {
    if (!slurm && option != "executor" && args.has(option))
      throw UsageError("--" + option + " needs --executor slurm");
  }
  if (args.positionals().size() != 1) throw UsageError("expected one SPEC.json (see --help)");
  const std::string file = args.positionals().front();
  auto base = readJsonFile(file);
  const auto axes = axesOf(base.value("grid", nlohmann::json()), file);
  const std::string sortBy = base.value("sort_by", "val_accuracy");
  base.erase("grid");
  base.erase("sort_by");
  const long threads = args.getInt("threads", base.value("threads", 0L));
  if (threads < 0) throw UsageError("--threads must be >= 0");

  // Every combination, the last axis varying fastest.
  std::vector<std::vector<std::size_t>> combinations{{}};
  for (const auto& axis : axes) {
    std::vector<std::vector<std::size_t>> next;
    for (const auto& c : combinations) {
      for (std::size_t i = 0; i < axis.values.size(); ++i) {
        next.push_back(c);
        next.back().push_back(i);
      }
    }
    combinations = std::move(next);
  }
  std::vector<experiment::ExperimentSpec> specs;
  std::vector<std::vector<std::string>> labels;
  for (const auto& c : combinations) {
    auto json = base;
    std::vector<std::string> values;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      setPath(json, axes[a].path, axes[a].values[c[a]]);
      values.push_back(valueText(axes[a].values[c[a]]));
    }
    experiment::ExperimentSpec spec;
    try {
      spec = experiment::experimentSpecFromJson(json);
    } catch (const InputError& e) {
      throw InputError(file + ": " + e.what());
    }
    if (spec.data.path == "sample") spec.data.path = bundledSamplePath();
    spec.data = dataSpecFrom(args, spec.data);
    if (spec.data.path.empty()) throw UsageError("no data: set data.path in the spec or --data");
    spec.threads = static_cast<unsigned>(threads);
    if (spec.model.params.is_null()) spec.model.params = nlohmann::json::object();
    if (!spec.model.params.contains("seed")) spec.model.params["seed"] = spec.data.seed;
    if (auto device = args.get("device")) spec.model.params["device"] = *device;
    std::string name = spec.model.family;
    for (const auto& v : values) name += " · " + v;
    if (spec.name.empty()) spec.name = name;
    // Constructing the model now turns a bad value into an error before hours of training. The
    // cluster's nodes, not this host, decide whether a CUDA device exists.
    auto checked = spec.model.params;
    if (slurm) checked["device"] = "auto";
    const auto model = models::makeClassifier(spec.model.family, checked);
    if (!slurm) {
      if (auto device = args.get("device")) model->setDevice(*device);
    }
    specs.push_back(std::move(spec));
    labels.push_back(std::move(values));
  }

  // What the table can be sorted by: validation scores, or a named evaluation set's (the target
  // domain's) scores, all higher-is-better.
  std::set<std::string> sortKeys{"val_accuracy", "val_auc"};
  for (const auto& set : specs.front().data.eval) {
    for (const char* metric : {"accuracy", "balanced_accuracy", "roc_auc", "macro_f1"})
      sortKeys.insert(set.name + "_" + metric);
  }
  if (!sortKeys.count(sortBy)) {
    std::string allowed;
    for (const auto& k : sortKeys) allowed += (allowed.empty() ? "" : ", ") + k;
    throw InputError(file + ": sort_by must be one of " + allowed + ", not '" + sortBy + "'");
  }

  if (slurm) return submitGridToSlurm(args, specs);

  const bool json = args.has("json");
  TerminalObserver::installInterruptHandler();
  CliTracking tracking(args);
  TerminalObserver observer(args.has("quiet"));
  std::map<std::string, experiment::PreparedData> prepared;  // data spec JSON -> sample and split
  std::vector<Row> rows;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto key = experiment::toJson(specs[i].data).dump();
    if (!prepared.count(key)) {
      prepared.emplace(key, experiment::prepareData(specs[i].data, observer));
      if (!json) printLoadReport(std::cout, prepared.at(key).report);
    }
    observer.status("run " + std::to_string(i + 1) + "/" + std::to_string(specs.size()) + ": " +
                    specs[i].displayName());
    // Every run is tracked like `train` and `compare` do it: RUNNING while it trains, then
    // FINISHED, FAILED or KILLED (Ctrl-C) with the epochs it had.
    std::optional<tracking::RunRecorder> recorder;
    if (tracking.enabled()) recorder.emplace(specs[i], tracking.options(), observer);
    train::TrainObserver& watching =
        recorder ? static_cast<train::TrainObserver&>(*recorder) : observer;
    std::optional<Row> finished;
    try {
      finished.emplace(
          Row{i + 1, labels[i], experiment::runExperiment(specs[i], prepared.at(key), watching)});
    } catch (const CancelledError&) {
      if (recorder) recorder->cancel();
      throw;
    } catch (const std::exception& e) {
      if (recorder) recorder->fail(firstLine(e.what(), 500));
      throw;
    }
    Row row = std::move(*finished);
    if (auto out = args.get("out")) {
      std::string dirName = std::to_string(i + 1);
      for (const auto& v : row.values) dirName += "-" + v;
      for (char& c : dirName) {
        if (c == '/' || c == ':' || c == ' ' || c == '\\') c = '_';
      }
      experiment::exportBundle(row.result, std::filesystem::path(*out) / dirName);
    }
    if (!json) printResult(std::cout, row.result);
    if (recorder) {
      const auto tracked = recorder->finish(row.result);
      if (!json) std::cout << CliTracking::describe(tracked, tracking.options()) << "\n";
    }
    rows.push_back(std::move(row));
  }

  std::vector<Row*> sorted;
  for (auto& r : rows) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(), [&](const Row* a, const Row* b) {
    const auto score = [&](const Row* r) {
      const auto summary = r->result.summary();
      const auto v = summary.find(sortBy);
      return v != summary.end() && v->is_number() ? v->get<double>() : -1.0;
    };
    return score(a) > score(b);
  });
  if (json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto* r : sorted) {
      auto summary = r->result.summary();
      summary["run"] = r->run;
      const auto& c = combinations[r->run - 1];
      for (std::size_t a = 0; a < axes.size(); ++a)
        summary["grid"][axes[a].path] = axes[a].values[c[a]];
      summary["history"] = r->result.history;
      all.push_back(summary);
    }
    std::cout << all.dump(2) << "\n";
  } else {
    std::cout << "\nGrid " << file << " (" << rows.size() << " runs, sorted by " << sortBy
              << "):\n";
    printTable(std::cout, axes, sorted);
  }
  return 0;
}

}  // namespace tweetlab::cli
