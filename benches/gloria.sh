#!/usr/bin/env bash
# GLORIA-size benchmark (issue 15): time and peak memory of
#   mrio calc TABLE --only x,S,M,D_cba,D_pba,D_imp,D_exp
# on a synthetic 164 x 120 table (n = 19,680) in the binary (.npy) form.
#
#   benches/gloria.sh [REGIONS SECTORS] [-- extra cargo args, e.g. --features lapack]
#
# Generates the table once under target/bench/gloria-RxS (benches/gen_gloria.py, numpy;
# uses target/bench-venv or target/ci-venv if they have numpy), builds the release
# binary, runs it under /usr/bin/time -v and a hard address-space limit
# (MRIO_LIMIT_GB, default 10) so it can never take the shared machine, and prints wall
# time, CPU time, peak resident memory and the load average before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-164}; S=${2:-120}
shift $(( $# >= 2 ? 2 : $# )) || true
[ "${1:-}" = "--" ] && shift
PY=$(command -v python3)
for v in target/bench-venv target/ci-venv; do
  if [ -x "$v/bin/python" ] && "$v/bin/python" -c "import numpy" 2>/dev/null; then PY=$PWD/$v/bin/python; break; fi
done
D=target/bench/gloria-${R}x${S}
if [ ! -f "$D/Z.npy" ]; then
  echo "generating $D" >&2
  (cd benches && prlimit --as=$((9 * 1024 ** 3)) "$PY" gen_gloria.py --regions "$R" --sectors "$S" --out "../$D")
fi
cargo build --release --quiet "$@"
LIMIT=$(( ${MRIO_LIMIT_GB:-10} * 1024 ** 3 ))
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$D-out"
/usr/bin/time -v prlimit --as=$LIMIT target/release/mrio -q calc "$D" --out "$D-out" \
  --only x,S,M,D_cba,D_pba,D_imp,D_exp --force 2> "$D.time"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E "Elapsed|Maximum resident|User time|System time|Exit status" "$D.time"
