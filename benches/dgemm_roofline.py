"""The DGEMM roofline of this machine: the best rate of numpy's matrix product
(OpenBLAS, all cores) at n = 4000, and the LU time it implies at the issue's sizes.

    python3 benches/dgemm_roofline.py [--n 4000] [--repeat 3]

An LU with partial pivoting costs 2/3 n^3 flops and runs at best near the DGEMM rate,
so `2/3 n^3 / rate` is the floor against which mrio's factorization is compared
(docs/performance.md).
"""

import argparse
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    rng = np.random.default_rng(1)
    x = rng.random((a.n, a.n))
    y = rng.random((a.n, a.n))
    x @ y  # warm up the threads
    best = min(timed(lambda: x @ y) for _ in range(a.repeat))
    rate = 2.0 * a.n**3 / best
    print(f"DGEMM n = {a.n}: best of {a.repeat} {best:.3f} s = {rate / 1e9:.1f} GFLOP/s")
    for n in (4000, 9800, 19680):
        print(f"LU floor n = {n}: 2/3 n^3 / rate = {2.0 * n**3 / 3.0 / rate:.2f} s")


def timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
