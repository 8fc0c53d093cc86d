#!/usr/bin/env bash
# pymrio round trip (issue 15): pymrio's test system -> save_all -> mrio convert --from
# pymrio -> mrio convert --to pymrio -> pymrio.load_all gives identical matrices, and
# mrio calc's accounts equal pymrio's calc_all to 1e-9 (.ci/pymrio_roundtrip.py).
# pymrio is installed into a virtual environment at ${MRIO_VENV:-target/ci-venv}.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${MRIO_VENV:-target/ci-venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import pymrio" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pymrio
fi
cargo build --quiet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$VENV/bin/python" .ci/pymrio_roundtrip.py "$PWD/target/debug/mrio" "$WORK"
