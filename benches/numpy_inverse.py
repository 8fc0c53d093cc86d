#!/usr/bin/env python3
"""numpy's inverse (I - A)^-1 and LU-based solve on the synthetic tables of
side_by_side.sh, for the "when L is asked for" comparison (docs/performance.md).

    python numpy_inverse.py target/bench/n4000/npy
"""

import sys
import time

import numpy as np

d = sys.argv[1]
z = np.load(f"{d}/Z.npy")
x = np.load(f"{d}/x.npy")
a = z / x[None, :]
del z
m = np.eye(a.shape[0]) - a
t0 = time.perf_counter()
inv = np.linalg.inv(m)
t1 = time.perf_counter()
print(f"n {a.shape[0]} numpy_inv_s {t1 - t0:.3f}")
