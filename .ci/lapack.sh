#!/usr/bin/env bash
# The optional `lapack` feature (OpenBLAS dgetrf/dgetrs): install the system library if
# missing, then run the tests that compare it with the default faer path. Skips (exit 0,
# with the reason) where libopenblas-dev cannot be installed. About 5-10 minutes on the
# 2-core machine, nearly all of it the release build with the feature.
set -euo pipefail
cd "$(dirname "$0")/.."

skip() { echo "SKIP lapack feature: $*"; exit 0; }

have_openblas() {
  ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so ' ||
    [ -e /usr/lib/x86_64-linux-gnu/libopenblas.so ] || [ -e /usr/lib/libopenblas.so ]
}

if ! have_openblas; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas-dev) \
      >/tmp/mrio-lapack-apt.log 2>&1 || skip "apt-get install libopenblas-dev failed (see /tmp/mrio-lapack-apt.log)"
  else
    skip "libopenblas.so not found and apt-get not usable as root"
  fi
  have_openblas || skip "libopenblas-dev installed but libopenblas.so not found"
fi

cargo clippy --all-targets --features lapack -- -D warnings
cargo test --release --features lapack --test lapack
cargo test --release --features lapack --test calc_lean
