#!/usr/bin/env python3
"""Compare two result folders in mrio's `calc` layout cell by cell.

    python3 compare.py MRIO_OUT PYMRIO_OUT [--tol 1e-9]

For every CSV under PYMRIO_OUT, reads the same file under MRIO_OUT, aligns rows and
columns by label, and reports the largest relative difference
|a - b| / max(|a|, |b|, 1e-300 + scale), scale = 1e-12 * max |b| of the file.
Exit 1 if any exceeds the tolerance or a file/label is missing. Needs only the standard
library.
"""

import csv
import os
import sys


def read(path):
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    cols = rows[0][1:]
    return {r[0]: dict(zip(cols, map(float, r[1:]))) for r in rows[1:]}


def main():
    a_dir, b_dir = sys.argv[1], sys.argv[2]
    tol = float(sys.argv[sys.argv.index("--tol") + 1]) if "--tol" in sys.argv else 1e-9
    worst_all, bad = 0.0, False
    for root, _dirs, files in sorted(os.walk(b_dir)):
        for fn in sorted(files):
            if not fn.endswith(".csv"):
                continue
            rel = os.path.relpath(os.path.join(root, fn), b_dir)
            pa = os.path.join(a_dir, rel)
            if not os.path.exists(pa):
                print(f"MISSING {rel} in {a_dir}")
                bad = True
                continue
            a, b = read(pa), read(os.path.join(root, fn))
            scale = max((abs(v) for row in b.values() for v in row.values()), default=0.0)
            worst = 0.0
            for r, row in b.items():
                if r not in a:
                    print(f"MISSING row {r} of {rel}")
                    bad = True
                    continue
                for c, vb in row.items():
                    if c not in a[r]:
                        print(f"MISSING column {c} of {rel}")
                        bad = True
                        break
                    va = a[r][c]
                    d = abs(va - vb) / max(abs(va), abs(vb), 1e-12 * scale, 1e-300)
                    worst = max(worst, d)
            worst_all = max(worst_all, worst)
            flag = "ok" if worst <= tol else "DIFFERS"
            if worst > tol:
                bad = True
            print(f"{rel:28s} max rel diff {worst:.2e} {flag}")
    print(f"overall max rel diff {worst_all:.2e} (tolerance {tol:g})")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
