#!/usr/bin/env bash
# Draws per second of `mrio ensemble` (docs/performance.md, "Ensembles"):
#  1. the cluster ensemble (tables/cluster/ensemble.toml: every draw rebuilds the table
#     from the recipe), 1000 draws on --threads 2, best of 3 wall times;
#  2. cell noise on synthetic fixed tables of n = 2000 and 4000 (benches/gen_mrio.py),
#     draws per minute, best of 2.
# Usage: bash benches/ensemble.sh [DRAWS_CLUSTER] [DRAWS_CELLS]   (needs ../shared; numpy
# for the generator: PYTHON=path/to/venv/bin/python if the system python lacks it)
set -euo pipefail
cd "$(dirname "$0")/.."
dc=${1:-1000}
dn=${2:-8}
cargo build --release --quiet
m=target/release/mrio
w=$(mktemp -d /tmp/mrio-bench-ens.XXXXXX)
trap 'rm -rf "$w"' EXIT
best() { sort -n | head -1; }
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>"$w/err" || { cat "$w/err" >&2; exit 1; }; e=$(date +%s.%N); echo "$e - $s" | bc; }
echo "cluster ensemble, $dc draws, --threads 2:"
for _ in 1 2 3; do t $m --threads 2 --quiet ensemble tables/cluster/ensemble.toml --draws "$dc" --out "$w/c" --force; done | best | sed 's/^/  best wall s: /'
for n in 2000 4000; do
  "${PYTHON:-python3}" benches/gen_mrio.py --regions 10 --sectors $((n / 10)) --out "$w/t$n" >/dev/null
  cat > "$w/s$n.toml" <<EOT
indicators = ["output"]
[[scenario]]
name = "d"
[[scenario.shock]]
region = "R01"
sector = "s001"
amount = 1
unit = "table"
EOT
  printf 'table = "t%s"\nscenarios = "s%s.toml"\n[cells]\nrelative_sd = 0.1\n' "$n" "$n" > "$w/e$n.toml"
  s=$(for _ in 1 2; do t $m --threads 2 --quiet ensemble "$w/e$n.toml" --draws "$dn" --out "$w/o$n" --force; done | best)
  echo "cells n=$n: $dn draws in $s s -> $(echo "60 * $dn / $s" | bc -l | xargs printf '%.1f') draws/min"
done
