#!/usr/bin/env python3
"""pymrio -> mrio -> pymrio round trip on pymrio's own test system (run by .ci/pymrio.sh).

    python pymrio_roundtrip.py MRIO_BINARY WORKDIR

1. pymrio.load_test().save_all(WORK/orig)                    (pymrio writes the folder)
2. mrio convert WORK/orig WORK/table --from pymrio; mrio check WORK/table
3. mrio convert WORK/table WORK/back --to pymrio
4. pymrio.load_all(WORK/back) has identical Z, Y, and per extension F, F_Y and unit
   (same labels, same index names, bit-identical values) as pymrio.load_all(WORK/orig)
5. mrio calc WORK/table (x, S, M, D_cba, D_pba, D_imp, D_exp) equals pymrio's calc_all
   on the original to 1e-9 relative per cell. pymrio adds the final-demand stressors
   F_Y to D_cba_reg and D_pba_reg; mrio's accounts are those of intermediate use (F_Y is
   kept beside the table, NAME.F_Y.csv), so F_Y is subtracted before comparing those two.
Exit 1 on any difference.
"""

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pymrio

mrio, work = sys.argv[1], sys.argv[2]
orig, table, back, calc = (os.path.join(work, d) for d in ("orig", "table", "back", "calc"))
failures = []


def run(*args):
    print("$ mrio " + " ".join(args), flush=True)
    subprocess.run([mrio, *args], check=True)


def same(what, a, b):
    if a is None and b is None:
        return
    if a is None or b is None:
        failures.append(f"{what}: present in only one system")
        return
    if list(a.index) != list(b.index) or list(a.columns) != list(b.columns):
        failures.append(f"{what}: labels differ")
        return
    if list(a.index.names) != list(b.index.names) or list(a.columns.names) != list(b.columns.names):
        failures.append(f"{what}: index names differ {a.index.names}/{a.columns.names} vs {b.index.names}/{b.columns.names}")
    if not all(pd.api.types.is_numeric_dtype(t) for t in a.dtypes):
        if not a.astype(str).equals(b.astype(str)):
            failures.append(f"{what}: values differ")
        else:
            print(f"identical  {what} {a.shape}")
        return
    va, vb = a.to_numpy(dtype=float), b.to_numpy(dtype=float)
    if not np.array_equal(va, vb):
        failures.append(f"{what}: values differ (max abs {np.max(np.abs(va - vb)):.3e})")
    else:
        print(f"identical  {what} {va.shape}")


pymrio.load_test().save_all(orig)
run("convert", orig, table, "--from", "pymrio", "--force")
run("check", table)
run("convert", table, back, "--to", "pymrio", "--force")
a, b = pymrio.load_all(orig), pymrio.load_all(back)
same("Z", a.Z, b.Z)
same("Y", a.Y, b.Y)
same("unit", a.unit, b.unit)
for ext in a.get_extensions(data=False):
    ea, eb = getattr(a, ext), getattr(b, ext, None)
    if eb is None:
        failures.append(f"extension {ext}: missing after the round trip")
        continue
    for key in ("F", "F_Y", "unit"):
        same(f"{ext}.{key}", getattr(ea, key, None), getattr(eb, key, None))

run("-q", "calc", table, "--out", calc, "--only", "x,S,M,D_cba,D_pba,D_imp,D_exp", "--force")
a.calc_all()
worst = 0.0


def flat(labels):
    return ["|".join(l) if isinstance(l, tuple) else str(l) for l in labels]


def ids(labels):
    return ["_".join(l) if isinstance(l, tuple) else str(l) for l in labels]


def compare(what, mine, theirs):
    global worst
    m = pd.read_csv(mine, index_col=0)
    t = theirs.copy()
    t.index = flat(t.index)
    t.columns = ids(t.columns)
    m = m.loc[t.index, t.columns]
    scale = max(np.max(np.abs(t.to_numpy())), 1e-300)
    rel = np.max(np.abs(m.to_numpy() - t.to_numpy()) / np.maximum(np.abs(t.to_numpy()), 1e-12 * scale))
    worst = max(worst, rel)
    print(f"{what:<28} max relative difference {rel:.2e}")
    if rel > 1e-9:
        failures.append(f"{what}: differs from pymrio by {rel:.2e} (> 1e-9)")


compare("x", os.path.join(calc, "x.csv"), pd.DataFrame({"x": a.x.iloc[:, 0].to_numpy()}, index=ids(a.x.index)))
for ext in a.get_extensions(data=False):
    e = getattr(a, ext)
    fy = e.F_Y.T.groupby(level="region", sort=False).sum().T if e.F_Y is not None else 0
    for key in ("S", "M", "D_cba", "D_pba", "D_imp", "D_exp", "D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"):
        theirs = getattr(e, key)
        if key in ("D_cba_reg", "D_pba_reg"):
            theirs = theirs - fy
        compare(f"{ext}/{key}", os.path.join(calc, ext, f"{key}.csv"), theirs)

print(f"largest relative difference of the accounts: {worst:.2e}")
if failures:
    print("FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("pymrio round trip: identical matrices, accounts equal to 1e-9")
