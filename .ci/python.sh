#!/usr/bin/env bash
# The Python package: a venv, `pip install .` from this checkout (maturin builds the
# PyO3 extension in python/), then pytest on python/tests/, which compares every call
# with the CLI's output, the satellite accounts with pymrio's calc_all, and runs the
# code of docs/python.md. pymrio and matplotlib are installed for the tests only.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
venv="${MRIO_VENV:-target/ci-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
venv="$(cd "$venv" && pwd)"
"$venv/bin/pip" install -q --disable-pip-version-check maturin pytest pandas numpy pymrio matplotlib
# maturin (from the venv) builds the extension; no build isolation, so no second download.
PATH="$venv/bin:$PATH" "$venv/bin/pip" install -q --disable-pip-version-check \
  --no-build-isolation --force-reinstall --no-deps .
echo "python: venv and package installed in $((SECONDS - start)) s"
# The CLI the bindings are compared with (built already by `cargo test`).
bin="${MRIO_BIN:-$PWD/target/debug/mrio}"
[ -x "$bin" ] || cargo build --bin mrio
# Run from outside the checkout so `import mrio` is the installed package.
(cd "$venv" && MRIO_BIN="$bin" MPLBACKEND=Agg \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider "$OLDPWD/python/tests")
echo "python: done in $((SECONDS - start)) s"
