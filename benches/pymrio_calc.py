#!/usr/bin/env python3
"""Run pymrio's calc_all on an mrio table folder and write its satellite accounts in
mrio's `calc` layout, so the two can be compared cell by cell.

    python pymrio_calc.py TABLE OUT [--npy]

Reads TABLE (CSV with pandas, or the .npy binary form with --npy), builds a
pymrio.IOSystem with Z, Y, x and one Extension per satellite, calls calc_all(), and
writes OUT/x.csv and OUT/NAME/{S,M,D_cba,D_pba,D_imp,D_exp,D_*_reg}.csv (first column
`indicator`, header = ids or regions). Prints `load_s`, `calc_all_s` and `write_s`.
"""

import os
import sys
import time

import numpy as np
import pandas as pd
import pymrio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def load_csv(folder):
    idx = pd.read_csv(os.path.join(folder, "index.csv"), dtype=str)
    ids = list(idx["id"])
    regions = list(idx["region"]) if "region" in idx else ["all"] * len(ids)
    sectors = list(idx["sector"]) if "sector" in idx else ids
    z = pd.read_csv(os.path.join(folder, "Z.csv"), index_col=0).loc[ids, ids].to_numpy()
    yf = pd.read_csv(os.path.join(folder, "Y.csv"), index_col=0).loc[ids]
    x = pd.read_csv(os.path.join(folder, "x.csv"), index_col=0).loc[ids].to_numpy()[:, 0]
    sats = {}
    for fn in sorted(os.listdir(folder)):
        if not fn.endswith(".csv"):
            continue
        with open(os.path.join(folder, fn)) as fh:
            if not fh.readline().startswith("indicator,"):
                continue
        f = pd.read_csv(os.path.join(folder, fn), index_col=0)[ids]
        sats[fn[:-4]] = (list(f.index), f.to_numpy())
    return ids, regions, sectors, z, yf.to_numpy(), list(yf.columns), x, sats


def load_npy(folder):
    from npy_table import read_npy_folder

    ids, regions, sectors, z, y, ycols, _va, _varows, x, sats = read_npy_folder(folder)
    return ids, regions, sectors, z, y, ycols, x, sats


def main():
    table, out = sys.argv[1], sys.argv[2]
    npy = "--npy" in sys.argv[3:]
    t0 = time.perf_counter()
    ids, regions, sectors, z, y, ycols, x, sats = (load_npy if npy else load_csv)(table)
    rs = pd.MultiIndex.from_arrays([regions, sectors], names=["region", "sector"])
    ycat = pd.MultiIndex.from_arrays(
        [[c.split("|")[0] for c in ycols], [c.split("|", 1)[-1] for c in ycols]],
        names=["region", "category"],
    )
    io = pymrio.IOSystem(
        Z=pd.DataFrame(z, index=rs, columns=rs),
        Y=pd.DataFrame(y, index=rs, columns=ycat),
        x=pd.DataFrame(x, index=rs, columns=["indout"]),
    )
    for name, (inds, f) in sats.items():
        ext = pymrio.Extension(
            name=name, F=pd.DataFrame(f, index=pd.Index(inds, name="indicator"), columns=rs)
        )
        setattr(io, name, ext)
    t1 = time.perf_counter()
    io.calc_all()
    t2 = time.perf_counter()
    os.makedirs(out, exist_ok=True)
    pd.DataFrame({"x": io.x.to_numpy()[:, 0]}, index=pd.Index(ids, name="id")).to_csv(
        os.path.join(out, "x.csv"), float_format="%.17g"
    )
    for name in sats:
        ext = getattr(io, name)
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        for key in ["S", "M", "D_cba", "D_pba", "D_imp", "D_exp"]:
            m = getattr(ext, key)
            pd.DataFrame(m.to_numpy(), index=pd.Index(m.index, name="indicator"), columns=ids).to_csv(
                os.path.join(d, f"{key}.csv"), float_format="%.17g"
            )
        for key in ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"]:
            m = getattr(ext, key)
            m.index.name = "indicator"
            m.to_csv(os.path.join(d, f"{key}.csv"), float_format="%.17g")
    t3 = time.perf_counter()
    print(f"load_s {t1 - t0:.3f}")
    print(f"calc_all_s {t2 - t1:.3f}")
    print(f"write_s {t3 - t2:.3f}")


if __name__ == "__main__":
    main()
