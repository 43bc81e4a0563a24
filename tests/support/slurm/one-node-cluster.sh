#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, for the grid tests (and for trying
# `tweetlab-cli grid --executor slurm` by hand): Debian's slurm-wlm (slurmctld, slurmd) and munge,
# every file (key, config, state, spool, logs, pid files, sockets) under DIR, free ports, no
# cgroups. Needs root (slurmd starts jobs as their user), as CI and the dev machines run.
#
#   one-node-cluster.sh start DIR   # prints "export SLURM_CONF=DIR/slurm.conf" once sinfo shows
#                                   # the node idle (exit 1 with the daemons' logs otherwise)
#   one-node-cluster.sh stop DIR    # stops the daemons it started (by their pid files)
set -euo pipefail
command=${1:?usage: one-node-cluster.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: one-node-cluster.sh start|stop DIR}")

stop_pid_file() {
  local file=$1
  [ -f "$file" ] || return 0
  local pid
  pid=$(cat "$file" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

if [ "$command" = stop ]; then
  stop_pid_file "$dir/slurmd.pid"
  stop_pid_file "$dir/slurmctld.pid"
  stop_pid_file "$dir/munged.pid"
  exit 0
fi
[ "$command" = start ] || { echo "usage: one-node-cluster.sh start|stop DIR" >&2; exit 2; }
for program in munged slurmctld slurmd sinfo; do
  command -v "$program" >/dev/null || { echo "$program is not installed (scripts/setup.sh: slurm-wlm munge)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "one-node-cluster.sh: slurmd needs root" >&2; exit 1; }

mkdir -p "$dir"/{state,spool,munge}
chmod 700 "$dir/munge"
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
host=$(hostname -s)
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done
cpus=$(nproc)
memory=$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)

# munge: its own key, socket and pid under DIR (a system munged, if any, is left alone).
head -c 1024 /dev/urandom > "$dir/munge/munge.key"
chmod 400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
  --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge/seed" \
  --num-threads=2

cat > "$dir/slurm.conf" <<CONF
ClusterName=tweetlab-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MinJobAge=3600
KillWait=5
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
export SLURM_CONF=$dir/slurm.conf
slurmctld -f "$SLURM_CONF" -i
slurmd -f "$SLURM_CONF"
for _ in $(seq 150); do
  if sinfo --noheader --format=%t 2>/dev/null | grep -qx idle; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.2
done
echo "one-node-cluster.sh: the node did not become idle within 30 s" >&2
sinfo >&2 || true
tail -n 20 "$dir"/*.log >&2 || true
"$0" stop "$dir"
exit 1
