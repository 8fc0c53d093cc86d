"""mrio's binary table form, from Python (numpy only). See docs/performance.md.

A binary table folder holds the CSV files that carry labels (index.csv, table.toml,
Y_index.csv if any) and one float64 .npy per matrix: Z.npy (N x N), Y.npy (N x K),
VA.npy (P x N), x.npy (N) and NAME.npy per satellite (k x N). The labels that are not
ids (final-demand columns, primary-input rows, satellite indicators) are in labels.csv
(`matrix,axis,label`, one row per label, in matrix order).
"""

import csv
import os

import numpy as np


def write_npy_folder(out, z, y, ycols, va, va_rows, x, satellites):
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "Z.npy"), np.asfortranarray(z))
    np.save(os.path.join(out, "Y.npy"), np.asfortranarray(y))
    np.save(os.path.join(out, "VA.npy"), np.asfortranarray(va))
    np.save(os.path.join(out, "x.npy"), np.asarray(x, dtype=np.float64))
    with open(os.path.join(out, "labels.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["matrix", "axis", "label"])
        for c in ycols:
            w.writerow(["Y", "columns", c])
        for r in va_rows:
            w.writerow(["VA", "rows", r])
        for name, (inds, f) in satellites.items():
            np.save(os.path.join(out, f"{name}.npy"), np.asfortranarray(f))
            for i in inds:
                w.writerow([name, "rows", i])


def read_npy_folder(folder):
    """Return ids, regions, sectors, Z, Y, Y columns, VA, VA rows, x, {name: (indicators, F)}."""
    with open(os.path.join(folder, "index.csv"), newline="") as fh:
        rows = list(csv.DictReader(fh))
    ids = [r["id"] for r in rows]
    regions = [r.get("region", "all") for r in rows]
    sectors = [r.get("sector", r["id"]) for r in rows]
    labels = {}
    with open(os.path.join(folder, "labels.csv"), newline="") as fh:
        for r in csv.DictReader(fh):
            labels.setdefault(r["matrix"], []).append(r["label"])
    z = np.load(os.path.join(folder, "Z.npy"))
    y = np.load(os.path.join(folder, "Y.npy"))
    va = np.load(os.path.join(folder, "VA.npy"))
    x = np.load(os.path.join(folder, "x.npy"))
    sats = {}
    for fn in sorted(os.listdir(folder)):
        stem = fn[:-4]
        if fn.endswith(".npy") and stem not in ("Z", "Y", "VA", "x"):
            sats[stem] = (labels.get(stem, []), np.load(os.path.join(folder, fn)))
    return ids, regions, sectors, z, y, labels.get("Y", []), va, labels.get("VA", []), x, sats
