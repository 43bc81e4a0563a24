#pragma once
// Runs another program to completion and captures what it prints: the Slurm client commands
// (sbatch, squeue, sacct, scontrol) that core/cluster drives. Part of the platform layer: POSIX
// posix_spawn on Linux; on Windows, where there is no Slurm, it refuses with an IoError.
#include <string>
#include <vector>

namespace tweetlab::platform {

struct ProgramResult {
  int exitCode = -1;  // the program's exit status; 128 + N when killed by signal N
  std::string out;    // everything it wrote to stdout
  std::string err;    // ... and to stderr
};

// argv[0] is looked up in PATH. `input` is written to its stdin, then stdin is closed. IoError
// naming the program when it cannot be started (not installed, not executable).
ProgramResult runProgram(const std::vector<std::string>& argv, const std::string& input = {});

}  // namespace tweetlab::platform
