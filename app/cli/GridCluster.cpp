#include "app/cli/GridCluster.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <thread>

#include "app/cli/CommonOptions.h"
#include "app/cli/TrackingFlags.h"
#include "core/cluster/SlurmGrid.h"
#include "core/common/Platform.h"
#include "core/tracking/MlflowClient.h"
#include "core/tracking/RunRecord.h"

namespace tweetlab::cli {
namespace {

const char* kStatusHelp =
    "Usage: tweetlab-cli grid status JOB [--tracking-uri URL] [--experiment NAME] [--wait]\n"
    "                                    [--timeout S] [--json]\n\n"
    "Each task of the grid's Slurm job array: its state (squeue, then sacct, or scontrol on a\n"
    "cluster without accounting) and the MLflow run it tracked (runs tagged\n"
    "tweetlab.slurm_job_id=JOB in the experiment), with its validation accuracy.\n"
    "  --wait       poll until every task has ended; exit 1 if any did not complete\n"
    "  --timeout S  give up waiting after S seconds (exit 1)                  (no limit)\n\n";

std::string timestamp() {
  const auto now = platform::localTime(std::time(nullptr));
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &now);
  return text;
}

tracking::MlflowConfig mlflowFrom(const Args& args) {
  return tracking::MlflowConfig::fromEnvironment(args.get("tracking-uri", args.get("mlflow", "")));
}

struct TaskRun {
  std::string runId, name, status;
  double valAccuracy = std::nan("");
};

// The MLflow runs of job `jobId`, by array task.
std::map<int, TaskRun> runsOfJob(const tracking::MlflowConfig& config, const std::string& name,
                                 const std::string& jobId) {
  std::map<int, TaskRun> out;
  tracking::MlflowClient client(config);
  const auto experiment = client.findExperiment(name);
  if (!experiment) return out;
  const auto runs = client.searchAllRuns(
      {*experiment}, std::string("tags.`") + cluster::kSlurmJobTag + "` = '" + jobId + "'");
  for (const auto& run : runs) {
    const auto task = run.tags.find(cluster::kSlurmTaskTag);
    const int index = task == run.tags.end() ? 0 : std::atoi(task->second.c_str());
    TaskRun r{run.info.runId, run.info.runName, run.info.status};
    // The run's validation accuracy (tracked as "accuracy", core/tracking/RunRecord.h).
    if (const auto m = run.metrics.find(tracking::metric::kAccuracy); m != run.metrics.end())
      r.valAccuracy = m->second;
    if (!out.count(index) || out[index].status != "FINISHED") out[index] = r;
  }
  return out;
}

}  // namespace

const std::set<std::string> kSlurmOptions{"executor", "partition", "time",   "cpus-per-task",
                                          "mem",      "gres",      "ntasks", "workdir"};
const char* const kSlurmHelp =
    "Executor:\n"
    "  --executor E           local: one run after another here; slurm: one sbatch job array,\n"
    "                         a task per combination, runs tracked in MLflow   (local)\n"
    "  --partition P --time T --cpus-per-task N --mem M --gres G   the array tasks' sbatch\n"
    "                         resources (cluster defaults when not given)\n"
    "  --ntasks N             slurm: N > 1 trains each combination data-parallel on N ranks\n"
    "                         (srun; cnn, bilstm, bert)                          (1)\n"
    "  --workdir DIR          slurm: where the task specs, script, logs and run stores go; the\n"
    "                         nodes must see it (a shared file system)  (./tweetlab-grid-<time>)\n"
    "  Follow a submitted grid with `tweetlab-cli grid status JOB`.\n\n";

int submitGridToSlurm(const Args& args, const std::vector<experiment::ExperimentSpec>& specs) {
  cluster::GridSubmission submission;
  submission.specs = specs;
  for (auto& spec : submission.specs) spec.data.path = std::filesystem::absolute(spec.data.path);
  auto& r = submission.resources;
  r.partition = args.get("partition", "");
  r.time = args.get("time", "");
  r.mem = args.get("mem", "");
  r.gres = args.get("gres", "");
  r.cpusPerTask = static_cast<int>(args.getInt("cpus-per-task", 0));
  r.ntasks = static_cast<int>(args.getInt("ntasks", 1));
  submission.workDir = args.get("workdir", "tweetlab-grid-" + timestamp());
  submission.program = platform::executablePath();
  const auto mlflow = mlflowFrom(args);
  submission.trackingUri = mlflow.trackingUri;
  submission.experiment = args.get("experiment", "tweetlab");
  const auto submitted = cluster::submitGrid(submission);
  if (args.has("json")) {
    std::cout << nlohmann::json{{"job_id", submitted.jobId},
                                {"tasks", submitted.tasks},
                                {"workdir", submitted.workDir.string()},
                                {"script", submitted.script.string()}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "Submitted job " << submitted.jobId << ": " << submitted.tasks
              << " array tasks (0-" << submitted.tasks - 1 << ")"
              << (r.ntasks > 1 ? ", " + std::to_string(r.ntasks) + " ranks each" : "") << "\n"
              << "  specs, script and logs: " << submitted.workDir.string() << "\n"
              << "  runs land in MLflow " << submission.trackingUri << " (experiment "
              << submission.experiment << ")\n"
              << "  follow: tweetlab-cli grid status " << submitted.jobId << " --tracking-uri "
              << submission.trackingUri << "\n";
  }
  return 0;
}

int runGridStatus(const Argv& argv) {
  std::set<std::string> valued{"tracking-uri", "mlflow", "experiment", "timeout"};
  Args args(argv, valued, {"help", "json", "wait"});
  if (args.has("help")) {
    std::cout << kStatusHelp;
    return 0;
  }
  if (args.positionals().size() != 1) throw UsageError("expected one JOB id (see --help)");
  const auto job = args.positionals().front();
  const auto mlflow = mlflowFrom(args);
  const auto experimentName = args.get("experiment", "tweetlab");
  const long timeout = args.getInt("timeout", 0);
  const auto started = std::chrono::steady_clock::now();

  std::vector<cluster::TaskState> states;
  while (true) {
    states = cluster::gridTaskStates(job);
    bool ended = true;
    for (const auto& s : states) ended = ended && cluster::isFinalState(s.state);
    if (!args.has("wait") || ended) break;
    if (timeout > 0 && std::chrono::steady_clock::now() - started > std::chrono::seconds(timeout))
      break;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  std::map<int, TaskRun> runs;
  std::string mlflowNote;
  if (!mlflow.trackingUri.empty()) {
    try {
      runs = runsOfJob(mlflow, experimentName, job);
    } catch (const std::exception& e) {
      mlflowNote = std::string("MLflow not reached: ") + e.what();
    }
  } else {
    mlflowNote = "no tracking URI: MLflow runs not shown (--tracking-uri or MLFLOW_TRACKING_URI)";
  }

  bool allCompleted = true;
  for (const auto& s : states) allCompleted = allCompleted && s.state == "COMPLETED";
  if (args.has("json")) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& s : states) {
      nlohmann::json t = {{"task", s.task},          {"job_id", s.jobId},    {"state", s.state},
                          {"exit_code", s.exitCode}, {"elapsed", s.elapsed}, {"nodes", s.nodes},
                          {"mlflow_run_id", nullptr}};
      if (const auto run = runs.find(s.task); run != runs.end()) {
        t["mlflow_run_id"] = run->second.runId;
        t["run_name"] = run->second.name;
        t["run_status"] = run->second.status;
        t["val_accuracy"] = std::isfinite(run->second.valAccuracy)
                                ? nlohmann::json(run->second.valAccuracy)
                                : nlohmann::json(nullptr);
      }
      tasks.push_back(t);
    }
    nlohmann::json out = {{"job_id", job}, {"tasks", tasks}, {"all_completed", allCompleted}};
    if (!mlflowNote.empty()) out["note"] = mlflowNote;
    std::cout << out.dump(2) << "\n";
  } else {
    std::printf("%-5s %-12s %-11s %-6s %-10s %-34s %s\n", "task", "job", "state", "exit", "elapsed",
                "mlflow run", "val_acc  name");
    for (const auto& s : states) {
      const auto run = runs.find(s.task);
      const bool has = run != runs.end();
      std::printf("%-5d %-12s %-11s %-6s %-10s %-34s %s\n", s.task, s.jobId.c_str(),
                  s.state.c_str(), s.exitCode.c_str(), s.elapsed.c_str(),
                  has ? run->second.runId.c_str() : "-",
                  has ? (fixed(run->second.valAccuracy) + "   " + run->second.name).c_str()
                      : s.nodes.c_str());
    }
    if (!mlflowNote.empty()) std::printf("(%s)\n", mlflowNote.c_str());
  }
  return args.has("wait") && !allCompleted ? 1 : 0;
}

}  // namespace tweetlab::cli
