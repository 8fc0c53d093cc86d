"""Generate a GLORIA-size synthetic MRIO (164 regions x 120 sectors, n = 19,680) in mrio's
binary (.npy) table form without holding a second n x n array.

    python3 benches/gen_gloria.py --out DIR [--regions 164] [--sectors 120]
        [--categories 6] [--indicators 3] [--seed 42]

Same construction as gen_mrio.py (domestic blocks 5x heavier, column sums of A about
0.5, balanced: x = Z 1 + Y 1, VA = x' - 1'Z), but Z is drawn directly in Fortran order
(the transpose of a C-order draw, a view) and the domestic blocks are scaled in place,
so the peak is about one n x n array (3.1 GB at n = 19,680) instead of three.
"""

import argparse
import os

import numpy as np

from gen_mrio import names
from npy_table import write_npy_folder


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=164)
    ap.add_argument("--sectors", type=int, default=120)
    ap.add_argument("--categories", type=int, default=6)
    ap.add_argument("--indicators", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    R, S = a.regions, a.sectors
    n = R * S
    z = rng.random((n, n)).T  # Fortran order, no copy
    for r in range(R):
        z[r * S:(r + 1) * S, r * S:(r + 1) * S] *= 5.0
    z *= 1.0 / n
    reg = np.repeat(np.arange(R), S)
    y = rng.random((n, R * a.categories))
    ycons = np.repeat(np.arange(R), a.categories)
    y[reg[:, None] == ycons[None, :]] *= 5.0
    rows = z.sum(axis=1)
    y *= rows[:, None] / y.sum(axis=1, keepdims=True)
    y *= rng.uniform(0.8, 1.2, size=(n, 1))
    x = rows + y.sum(axis=1)
    cols = z.sum(axis=0)
    assert (cols / x).max() < 1.0
    va = (x - cols)[None, :]
    f = rng.random((a.indicators, n)) * x[None, :] * rng.uniform(0.1, 2.0, size=(a.indicators, 1))
    rn, sn, ids, ycols, inds = names(R, S, a.categories, a.indicators)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "index.csv"), "w") as fh:
        fh.write("id,region,sector\n")
        for r in rn:
            for s in sn:
                fh.write(f"{r}_{s},{r},{s}\n")
    with open(os.path.join(a.out, "table.toml"), "w") as fh:
        fh.write(
            f'name = "synthetic GLORIA-size MRIO {R} regions x {S} sectors (seed {a.seed})"\n'
            'unit = "k USD"\n'
            f'source = "benches/gen_gloria.py --regions {R} --sectors {S} --categories '
            f'{a.categories} --indicators {a.indicators} --seed {a.seed}"\n'
            "[satellite_units]\n"
            'emissions = "kt CO2-eq"\n'
        )
    write_npy_folder(a.out, z, y, ycols, va, ["va"], x, {"emissions": (inds, f)})


if __name__ == "__main__":
    main()
