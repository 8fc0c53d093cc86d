#!/usr/bin/env python3
"""Generate a synthetic productive MRIO as an mrio table folder (fixed seed).

    python3 benches/gen_mrio.py --regions 10 --sectors 100 --out DIR [--seed 42]
        [--categories 2] [--indicators 3] [--npy]

Layout (docs/table-format.md): index.csv (id,region,sector), Z.csv, Y.csv (columns
`REGION|category`, so the consuming region is inferred), VA.csv, x.csv, a satellite
`emissions.csv` (first header cell `indicator`) and table.toml with units. With --npy the
matrices are also written as .npy (mrio's binary table form, see docs/performance.md).

The table is balanced by construction: x = Z 1 + Y 1 and VA = x' - 1'Z, and productive:
every column sum of A = Z x^-1 is below 1 (checked). Domestic blocks carry 5x the
weight of trade blocks, as in real MRIOs. Needs only numpy.
"""

import argparse
import os

import numpy as np


def build(regions, sectors, categories, indicators, seed):
    rng = np.random.default_rng(seed)
    n = regions * sectors
    reg = np.repeat(np.arange(regions), sectors)
    z = rng.random((n, n))
    dom = reg[:, None] == reg[None, :]
    z[dom] *= 5.0
    # Scale so intermediate use is about half of output.
    z *= 1.0 / n
    y = rng.random((n, regions * categories))
    ycons = np.repeat(np.arange(regions), categories)
    y[reg[:, None] == ycons[None, :]] *= 5.0
    y *= z.sum(axis=1, keepdims=True) / y.sum(axis=1, keepdims=True)
    y *= rng.uniform(0.8, 1.2, size=(n, 1))
    x = z.sum(axis=1) + y.sum(axis=1)
    colsum = z.sum(axis=0) / x
    assert colsum.max() < 1.0, f"not productive: max column sum {colsum.max()}"
    va = (x - z.sum(axis=0))[None, :]
    f = rng.random((indicators, n)) * x[None, :] * rng.uniform(0.1, 2.0, size=(indicators, 1))
    return z, y, va, x, f


def names(regions, sectors, categories, indicators):
    rn = [f"R{r:02d}" for r in range(regions)]
    sn = [f"s{s:03d}" for s in range(sectors)]
    ids = [f"{r}_{s}" for r in rn for s in sn]
    ycols = [f"{r}|fd{c}" for r in rn for c in range(categories)]
    inds = [f"ghg{i}" for i in range(indicators)]
    return rn, sn, ids, ycols, inds


def write_csv(path, corner, rows, cols, m):
    with open(path, "w") as fh:
        fh.write(",".join([corner] + list(cols)) + "\n")
        for label, row in zip(rows, m):
            fh.write(label + "," + ",".join(repr(float(v)) for v in row) + "\n")


def write_npy(path, m):
    np.save(path, np.asfortranarray(m))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, required=True)
    ap.add_argument("--sectors", type=int, required=True)
    ap.add_argument("--categories", type=int, default=2)
    ap.add_argument("--indicators", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    ap.add_argument("--npy", action="store_true", help="also write .npy matrices")
    ap.add_argument("--no-csv", action="store_true", help="write only the .npy matrices")
    a = ap.parse_args()
    z, y, va, x, f = build(a.regions, a.sectors, a.categories, a.indicators, a.seed)
    rn, sn, ids, ycols, inds = names(a.regions, a.sectors, a.categories, a.indicators)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "index.csv"), "w") as fh:
        fh.write("id,region,sector\n")
        for r in rn:
            for s in sn:
                fh.write(f"{r}_{s},{r},{s}\n")
    with open(os.path.join(a.out, "table.toml"), "w") as fh:
        fh.write(
            f'name = "synthetic MRIO {a.regions} regions x {a.sectors} sectors (seed {a.seed})"\n'
            'unit = "M EUR"\n'
            f'source = "benches/gen_mrio.py --regions {a.regions} --sectors {a.sectors} '
            f'--categories {a.categories} --indicators {a.indicators} --seed {a.seed}"\n'
            "[satellite_units]\n"
            'emissions = "kt CO2-eq"\n'
        )
    if not a.no_csv:
        write_csv(os.path.join(a.out, "Z.csv"), "id", ids, ids, z)
        write_csv(os.path.join(a.out, "Y.csv"), "id", ids, ycols, y)
        write_csv(os.path.join(a.out, "VA.csv"), "component", ["va"], ids, va)
        write_csv(os.path.join(a.out, "x.csv"), "id", ids, ["x"], x[:, None])
        write_csv(os.path.join(a.out, "emissions.csv"), "indicator", inds, ids, f)
    if a.npy or a.no_csv:
        from npy_table import write_npy_folder

        write_npy_folder(a.out, z, y, ycols, va, ["va"], x, {"emissions": (inds, f)})


if __name__ == "__main__":
    main()
