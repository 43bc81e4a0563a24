# Sourced by the benchmarks that run on a shared machine (bench/deep, bench/bert): both sides of
# a comparison run under with_load so that the note can say how busy the cores were.
#
# with_load FILE COMMAND...  runs COMMAND while sampling the 1-minute load average into FILE
# every 5 s; returns COMMAND's status.
with_load() {
  local file=$1; shift
  ( while true; do cut -d' ' -f1 /proc/loadavg >> "$file"; sleep 5; done ) &
  local sampler=$!
  # `|| rc=$?`: under `set -e` a failing COMMAND must still stop the sampler, not leave it
  # writing into FILE after the script has exited.
  local rc=0
  "$@" || rc=$?
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  return $rc
}
