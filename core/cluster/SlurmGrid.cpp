#include "core/cluster/SlurmGrid.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <sstream>

#include "core/common/DurableFile.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Subprocess.h"
#include "core/distributed/Rendezvous.h"

namespace tweetlab::cluster {
namespace {

// One word for a POSIX shell, whatever it contains.
std::string shellQuoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A value for an #SBATCH line: sbatch reads these lines itself, not through a shell, and takes
// double quotes around a value with spaces.
std::string sbatchValue(const std::string& option, const std::string& value) {
  if (value.find_first_of("\"\n") != std::string::npos) {
    throw InputError("--" + option + " cannot contain a double quote or a line break");
  }
  return value.find_first_of(" \t") == std::string::npos ? value : "\"" + value + "\"";
}

std::string taskSpecName(const std::string& task) {
  return "task-" + task + ".json";
}

std::string firstWord(const std::string& s) {
  return s.substr(0, s.find(' '));
}

// "123_4" -> 4; "123_[2-3%1]" -> 2, 3; "123" (not an array) -> 0.
std::vector<int> arrayTasks(const std::string& jobId) {
  const auto underscore = jobId.find('_');
  if (underscore == std::string::npos) return {0};
  auto indices = jobId.substr(underscore + 1);
  if (const auto percent = indices.find('%'); percent != std::string::npos) {
    indices = indices.substr(0, percent) + (indices.back() == ']' ? "]" : "");
  }
  std::vector<int> out;
  try {
    for (const auto& s : distributed::expandHostlist(indices)) out.push_back(std::stoi(s));
  } catch (const std::exception&) {
    return {};
  }
  return out;
}

std::string arrayJob(const std::string& jobId) {
  return jobId.substr(0, jobId.find('_'));
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto bar = line.find('|', start);
    out.push_back(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) return out;
    start = bar + 1;
  }
}

void validate(const GridSubmission& s) {
  if (s.specs.empty()) throw InputError("the grid has no experiments to submit");
  if (s.trackingUri.empty()) {
    throw InputError(
        "the slurm executor needs a tracking URI (--tracking-uri or MLFLOW_TRACKING_URI; the "
        "Settings page in the workbench): the runs land in MLflow, not in the nodes' run stores");
  }
  if (s.program.empty()) throw InputError("the program the nodes run (tweetlab-cli) is not known");
  if (s.workDir.empty()) throw InputError("no work directory for the grid's files");
  const auto& r = s.resources;
  if (r.ntasks < 1) throw InputError("--ntasks must be >= 1");
  if (r.cpusPerTask < 0) throw InputError("--cpus-per-task must be >= 0");
}

}  // namespace

std::string batchScript(const GridSubmission& s) {
  validate(s);
  const auto dir = std::filesystem::absolute(s.workDir).string();
  const auto& r = s.resources;
  std::ostringstream out;
  out << "#!/bin/bash\n"
      << "# TweetLab grid: " << s.specs.size()
      << " experiments as one Slurm job array (grid.json lists them). Each task trains\n"
      << "# task-<index>.json and tracks the run in MLflow"
      << (r.ntasks > 1 ? "; srun starts " : "")
      << (r.ntasks > 1 ? std::to_string(r.ntasks) + " data-parallel ranks per task" : "") << ".\n"
      << "#SBATCH --job-name=" << sbatchValue("job-name", s.jobName) << "\n"
      << "#SBATCH --array=0-" << s.specs.size() - 1 << "\n"
      << "#SBATCH --chdir=" << sbatchValue("workdir", dir) << "\n"
      << "#SBATCH --output=" << sbatchValue("workdir", dir + "/task-%a.out") << "\n"
      << "#SBATCH --ntasks=" << r.ntasks << "\n";
  if (r.cpusPerTask > 0) out << "#SBATCH --cpus-per-task=" << r.cpusPerTask << "\n";
  if (!r.partition.empty())
    out << "#SBATCH --partition=" << sbatchValue("partition", r.partition) << "\n";
  if (!r.time.empty()) out << "#SBATCH --time=" << sbatchValue("time", r.time) << "\n";
  if (!r.mem.empty()) out << "#SBATCH --mem=" << sbatchValue("mem", r.mem) << "\n";
  if (!r.gres.empty()) out << "#SBATCH --gres=" << sbatchValue("gres", r.gres) << "\n";
  out << "set -eu\n"
      << "dir=" << shellQuoted(dir) << "\n"
      << "task=\"$SLURM_ARRAY_TASK_ID\"\n"
      << "# Each task keeps its own run store (no SQLite shared over the network); MLflow is the\n"
      << "# one place the runs land.\n"
      << "exec " << (r.ntasks > 1 ? "srun --kill-on-bad-exit=1 " : "")
      << shellQuoted(std::filesystem::absolute(s.program).string()) << " train"
      << " --spec \"$dir/task-$task.json\" --store \"$dir/store-$task\""
      << " --tracking-uri " << shellQuoted(s.trackingUri) << " --experiment "
      << shellQuoted(s.experiment);
  if (r.cpusPerTask > 0) out << " --threads " << r.cpusPerTask;
  if (r.ntasks > 1) out << " --distributed";
  out << "\n";
  return out.str();
}

SubmittedGrid submitGrid(const GridSubmission& s) {
  const auto script = batchScript(s);  // validates
  SubmittedGrid submitted;
  submitted.workDir = std::filesystem::absolute(s.workDir);
  submitted.script = submitted.workDir / "grid.sbatch";
  submitted.tasks = s.specs.size();
  std::filesystem::create_directories(submitted.workDir);
  nlohmann::json manifest = {{"tracking_uri", s.trackingUri},
                             {"experiment", s.experiment},
                             {"ntasks", s.resources.ntasks},
                             {"tasks", nlohmann::json::array()}};
  for (std::size_t i = 0; i < s.specs.size(); ++i) {
    const auto file = submitted.workDir / taskSpecName(std::to_string(i));
    writeJsonFile(file, experiment::toJson(s.specs[i]));
    manifest["tasks"].push_back(
        {{"task", i}, {"name", s.specs[i].displayName()}, {"spec", file.string()}});
  }
  replaceFileDurably(submitted.script, script, 0755);
  const auto result = platform::runProgram({"sbatch", "--parsable", submitted.script.string()});
  if (result.exitCode != 0) {
    auto reason = result.err.empty() ? result.out : result.err;
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    throw IoError("sbatch refused the grid (exit " + std::to_string(result.exitCode) +
                  "): " + reason);
  }
  const auto answer = lines(result.out);
  submitted.jobId = answer.empty() ? "" : answer.back().substr(0, answer.back().find(';'));
  if (submitted.jobId.empty() ||
      submitted.jobId.find_first_not_of("0123456789") != std::string::npos) {
    throw IoError("sbatch did not answer with a job id: '" + result.out + "'");
  }
  manifest["job_id"] = submitted.jobId;
  writeJsonFile(submitted.workDir / "grid.json", manifest);
  return submitted;
}

std::vector<TaskState> parseSqueue(const std::string& out) {
  std::vector<TaskState> states;
  for (const auto& line : lines(out)) {
    const auto f = fields(line);
    if (f.size() < 5) continue;
    for (int task : arrayTasks(f[0])) {
      TaskState t;
      t.task = task;
      t.jobId = arrayJob(f[0]) + "_" + std::to_string(task);
      t.state = f[1];
      t.elapsed = f[2];
      t.nodes = f[1] == "PENDING" ? "(" + f[4] + ")" : f[3];
      states.push_back(std::move(t));
    }
  }
  return states;
}

std::vector<TaskState> parseSacct(const std::string& out) {
  std::vector<TaskState> states;
  for (const auto& line : lines(out)) {
    const auto f = fields(line);
    if (f.size() < 5 || f[0].find('.') != std::string::npos) continue;  // job steps
    for (int task : arrayTasks(f[0])) {
      TaskState t;
      t.task = task;
      t.jobId = arrayJob(f[0]) + "_" + std::to_string(task);
      t.state = firstWord(f[1]);  // "CANCELLED by 0"
      t.exitCode = f[2];
      t.elapsed = f[3];
      t.nodes = f[4];
      states.push_back(std::move(t));
    }
  }
  return states;
}

std::vector<TaskState> parseScontrol(const std::string& out) {
  std::vector<TaskState> states;
  for (const auto& line : lines(out)) {
    std::map<std::string, std::string> values;
    std::istringstream words(line);
    for (std::string word; words >> word;) {
      const auto eq = word.find('=');
      if (eq != std::string::npos) values.emplace(word.substr(0, eq), word.substr(eq + 1));
    }
    if (!values.count("JobId") || !values.count("JobState")) continue;
    const auto array = values.count("ArrayJobId") ? values["ArrayJobId"] : values["JobId"];
    const auto tasks = values.count("ArrayTaskId") ? arrayTasks("x_[" + values["ArrayTaskId"] + "]")
                                                   : std::vector<int>{0};
    for (int task : tasks) {
      TaskState t;
      t.task = task;
      t.jobId = array + "_" + std::to_string(task);
      t.state = values["JobState"];
      if (!isFinalState(t.state) && t.state != "COMPLETING") {
        t.exitCode.clear();
      } else {
        t.exitCode = values["ExitCode"];
      }
      t.elapsed = values["RunTime"];
      t.nodes = t.state == "PENDING" ? "(" + values["Reason"] + ")" : values["NodeList"];
      states.push_back(std::move(t));
    }
  }
  return states;
}

std::vector<TaskState> gridTaskStates(const std::string& jobId) {
  if (jobId.empty() || jobId.find_first_not_of("0123456789") != std::string::npos) {
    throw InputError("a Slurm job id is a number, not '" + jobId + "'");
  }
  std::map<int, TaskState> byTask;
  const auto sacct =
      platform::runProgram({"sacct", "--noheader", "--parsable2", "--allocations",
                            "--jobs=" + jobId, "--format=JobID,State,ExitCode,Elapsed,NodeList"});
  std::vector<TaskState> ended;
  if (sacct.exitCode == 0) {
    ended = parseSacct(sacct.out);
  } else {
    // No accounting on this cluster: the controller remembers ended jobs for MinJobAge.
    const auto scontrol = platform::runProgram({"scontrol", "--oneliner", "show", "job", jobId});
    if (scontrol.exitCode == 0) ended = parseScontrol(scontrol.out);
  }
  for (auto& t : ended) byTask[t.task] = std::move(t);
  const auto squeue = platform::runProgram(
      {"squeue", "--array", "--noheader", "--jobs=" + jobId, "--format=%i|%T|%M|%N|%r"});
  for (auto& t : parseSqueue(squeue.exitCode == 0 ? squeue.out : std::string())) {
    byTask[t.task] = std::move(t);
  }
  if (byTask.empty()) {
    auto reason = squeue.err;
    while (!reason.empty() && reason.back() == '\n') reason.pop_back();
    throw IoError("Slurm knows no job " + jobId + " (squeue" +
                  (reason.empty() ? "" : ": " + reason) +
                  "; without accounting, ended jobs are forgotten after MinJobAge)");
  }
  std::vector<TaskState> out;
  for (auto& [task, state] : byTask) out.push_back(std::move(state));
  return out;
}

std::map<std::string, std::string> slurmRunTags() {
  const auto env = distributed::processEnvironment();
  std::map<std::string, std::string> tags;
  const auto job = env("SLURM_ARRAY_JOB_ID") ? env("SLURM_ARRAY_JOB_ID") : env("SLURM_JOB_ID");
  if (!job) return tags;
  tags[kSlurmJobTag] = *job;
  if (const auto task = env("SLURM_ARRAY_TASK_ID")) tags[kSlurmTaskTag] = *task;
  if (const auto ntasks = env("SLURM_NTASKS")) tags["tweetlab.slurm_ntasks"] = *ntasks;
  return tags;
}

bool isFinalState(const std::string& state) {
  static const std::vector<std::string> finals{
      "COMPLETED", "FAILED",        "CANCELLED", "TIMEOUT",  "NODE_FAIL",
      "PREEMPTED", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "REVOKED"};
  return std::find(finals.begin(), finals.end(), firstWord(state)) != finals.end();
}

}  // namespace tweetlab::cluster
