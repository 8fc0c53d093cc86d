#!/usr/bin/env bash
# Slurm round trip of `mrio ensemble`: bring up a single-node Slurm (munge, slurmctld,
# slurmd), submit a 4-shard ensemble with the script `mrio ensemble --slurm` writes, wait
# for the array and merge jobs, and check the merged folder equals the single-machine
# run byte for byte. Stops the daemons it started. Skips (exit 0, with the reason) where
# Slurm cannot be installed or started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

skip() { echo "SKIP slurm round trip: $*"; exit 0; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd munge) \
      >/tmp/mrio-slurm-apt.log 2>&1 || skip "apt-get install slurmctld slurmd munge failed (see /tmp/mrio-slurm-apt.log)"
  else
    skip "slurmctld/slurmd/munged not installed and apt-get not usable as root"
  fi
fi

if [ -n "${MRIO_BIN:-}" ]; then
  mrio="$MRIO_BIN"
else
  cargo build --release --quiet
  mrio="$root/target/release/mrio"
fi
work=$(mktemp -d /tmp/mrio-slurm.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# munge: a key of our own, the daemon in the foreground (we hold its pid).
mkdir -p "$work/munge" "$work/spool/ctld" "$work/spool/d" "$work/log"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "$work/munge/munge.key"
chown root:root "$work/munge/munge.key" 2>/dev/null || true
sock="$work/munge/munge.socket"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$sock" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" \
  --seed-file="$work/munge/munge.seed" &
pids+=($!)
sleep 1

host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2/1024) - 512}' /proc/meminfo)
cat > "$work/slurm.conf" <<EOF
ClusterName=mrio
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
ReturnToService=2
StateSaveLocation=$work/spool/ctld
SlurmdSpoolDir=$work/spool/d
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
slurmctld -D -i -f "$SLURM_CONF" >"$work/log/slurmctld.out" 2>&1 &
pids+=($!)
sleep 2
slurmd -D -f "$SLURM_CONF" >"$work/log/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 30); do
  if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then break; fi
  sleep 1
done
sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)' || {
  tail -20 "$work/log/slurmctld.log" "$work/log/slurmd.log" 2>/dev/null || true
  skip "the single-node Slurm did not come up (logs above)"
}
echo "slurm up: $(sinfo -h -o '%N %T %c CPUs')"

# The ensemble: the docs' small spec (docs/uncertainty.md), a fixed table with cell
# noise (fast; no shared data), its paths made absolute for the work folder.
cp "$root/docs/scenarios/toy-demand.toml" "$work/"
sed "s|^table = .*|table = \"$root/tests/data/toy_two_city\"|" \
  "$root/docs/scenarios/toy-ensemble.toml" > "$work/e.toml"
cd "$work"
"$mrio" --quiet ensemble e.toml --draws 200 --seed 5 --out single
"$mrio" --threads 1 ensemble e.toml --draws 200 --seed 5 --shard 1/4 --slurm job.sh --out merged
out=$(bash job.sh)
echo "$out"
merge_id=$(echo "$out" | sed -n 's/.*merge job \([0-9]*\).*/\1/p')
for _ in $(seq 1 120); do
  if [ -z "$(squeue -h 2>/dev/null)" ]; then break; fi
  sleep 1
done
state=$(sacct -n -j "$merge_id" -o State 2>/dev/null | head -1 | tr -d ' ' || true)
if [ ! -f merged/summary.csv ]; then
  cat merged.shards/slurm-*.out 2>/dev/null || true
  echo "FAIL: the merge job ($merge_id, state ${state:-unknown}) wrote no merged/summary.csv"
  exit 1
fi
diff -r single merged
echo "OK slurm round trip: 4 shards on Slurm merged = single-machine run (byte-identical)"
