#!/usr/bin/env bash
# Side-by-side benchmark: mrio calc vs pymrio calc_all on the same synthetic MRIO.
#
#   benches/side_by_side.sh [SIZE ...]      (default sizes: 1000 2000 4000 9800)
#   MRIO_FEATURES=lapack benches/side_by_side.sh 9800   (mrio with the system LAPACK)
#
# For each size N (regions x 100 or 200 sectors, fixed seed 42, one satellite with 3
# indicators) it
#   1. generates the table with benches/gen_mrio.py (.npy form) and converts it to CSV
#      with `mrio convert` (both tools then read identical numbers);
#   2. runs `mrio calc` (x, S, M, D_cba, D_pba, D_imp, D_exp) on the binary form and
#      on the CSV form, and pymrio's calc_all (benches/pymrio_calc.py) on the binary form,
#      each under /usr/bin/time -v (wall time, peak resident memory);
#   3. checks that the results agree to 1e-9 (benches/compare.py);
#   4. prints one line per size with times, peak memory and the ratios mrio/pymrio.
# pymrio is installed into a local virtual environment (target/bench-venv) on first use.
# Work files go to target/bench/. Needs python3 (with venv), cargo and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 2000 4000 9800)
VENV=${VENV:-$ROOT/target/bench-venv}
WORK=${WORK:-$ROOT/target/bench}
PY=$VENV/bin/python
if [ ! -x "$PY" ] || ! "$PY" -c "import pymrio" 2>/dev/null; then
  echo "installing pymrio into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pymrio
fi
cargo build --release --quiet ${MRIO_FEATURES:+--features "$MRIO_FEATURES"}
MRIO=$ROOT/target/release/mrio
mkdir -p "$WORK"

# wall seconds and peak RSS (MB) of a command, from GNU time's report
timed() { # LOG CMD...
  local log=$1; shift
  /usr/bin/time -v "$@" > "$log.out" 2> "$log.time" || { cat "$log.out" "$log.time" >&2; return 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$log.time" | awk '{print $NF}' |
    awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log.time" | awk '{print $NF}')
  cpu=$(awk -F: '/User time|System time/{s+=$2} END{print s}' "$log.time")
  echo "$wall $((rss / 1024)) $cpu"
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB"
echo "pymrio $("$PY" -c 'import pymrio; print(pymrio.__version__)'), numpy $("$PY" -c 'import numpy; print(numpy.__version__)'), $("$MRIO" --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%6s | %9s %9s | %9s %9s | %9s %9s %9s | %7s %7s | %8s %8s %8s | %s\n' \
  N mrio_s mrio_MB csv_s csv_MB pymrio_s calc_all_s py_MB t_ratio m_ratio csv_MBps MBps_cpu npy_load agree
for n in "${SIZES[@]}"; do
  case $n in
    1000) R=10; S=100 ;; 2000) R=20; S=100 ;; 4000) R=20; S=200 ;; 9800) R=49; S=200 ;;
    *) R=$((n / 100)); S=100 ;;
  esac
  D=$WORK/n$n
  if [ ! -f "$D/npy/Z.npy" ]; then
    (cd benches && "$PY" gen_mrio.py --regions $R --sectors $S --indicators 3 --seed 42 \
      --out "$D/npy" --no-csv)
    "$MRIO" -q convert "$D/npy" "$D/csv" --to csv --force
  fi
  ONLY=x,S,M,D_cba,D_pba,D_imp,D_exp
  read -r m_s m_mb _ < <(timed "$D/mrio_npy" "$MRIO" -q calc "$D/npy" --out "$D/out_mrio" --only $ONLY --force)
  read -r c_s c_mb _ < <(timed "$D/mrio_csv" "$MRIO" -q calc "$D/csv" --out "$D/out_mrio_csv" --only $ONLY --force)
  read -r l_s _ _ < <(timed "$D/load_npy" "$MRIO" -q calc "$D/npy" --out "$D/out_x_npy" --only x --force)
  read -r r_s _ r_cpu < <(timed "$D/load_csv" "$MRIO" -q calc "$D/csv" --out "$D/out_x_csv" --only x --force)
  read -r p_s p_mb _ < <(timed "$D/pymrio" "$PY" benches/pymrio_calc.py "$D/npy" "$D/out_pymrio" --npy)
  calc_all=$(awk '/calc_all_s/{print $2}' "$D/pymrio.out")
  csv_bytes=$(cat "$D"/csv/*.csv | wc -c)
  agree=ok
  "$PY" benches/compare.py "$D/out_mrio" "$D/out_pymrio" --tol 1e-9 > "$D/compare.txt" || agree=DIFFER
  "$PY" benches/compare.py "$D/out_mrio_csv" "$D/out_pymrio" --tol 1e-9 > "$D/compare_csv.txt" || agree="$agree/csv:DIFFER"
  worst=$(awk '/overall/{print $5}' "$D/compare.txt")
  printf '%6s | %9.2f %9d | %9.2f %9d | %9.2f %9s %9d | %7.2f %7.2f | %8.0f %8.0f %8.2f | %s (%s)\n' \
    "$n" "$m_s" "$m_mb" "$c_s" "$c_mb" "$p_s" "$calc_all" "$p_mb" \
    "$(echo "$m_s / $p_s" | bc -l)" "$(echo "$m_mb / $p_mb" | bc -l)" \
    "$(echo "$csv_bytes / 1000000 / $r_s" | bc -l)" "$(echo "$csv_bytes / 1000000 / $r_cpu" | bc -l)" \
    "$l_s" "$agree" "$worst"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "columns: mrio_s/mrio_MB = mrio calc on the .npy form (wall s, peak MB); csv_s/csv_MB = on the CSV form;"
echo "pymrio_s = whole pymrio process (load .npy + calc_all + write), calc_all_s = calc_all alone;"
echo "t_ratio, m_ratio = mrio (.npy) / pymrio wall time and peak memory; csv_MBps = CSV bytes / wall of"
echo "'mrio calc --only x' on the CSV form (reading dominates), MBps_cpu = per CPU second (user+sys) of that run;"
echo "npy_load = wall s of 'mrio calc --only x' on the .npy form."
