#!/usr/bin/env python3
"""Regenerate the pymrio reference results used by tests/footprint.rs (run once; the
outputs are committed, so `cargo test` never needs Python).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pymrio==0.7.0
    /tmp/venv/bin/python tests/data/make_pymrio_expected.py

1. Converts pymrio's own test system (pymrio.load_test(): 6 regions x 8 sectors) into an
   mrio table folder tests/data/pymrio_test/ (Z, Y, x, VA = the factor_inputs extension,
   emissions = the emissions extension without its final-demand part F_Y, which the
   table folder format has no place for).
2. Runs pymrio's calc_all (benches/pymrio_calc.py) on tests/data/pymrio_test and on
   tests/data/mrio_small (benches/gen_mrio.py --regions 3 --sectors 4 --categories 2
   --indicators 2 --seed 7) and writes the accounts to tests/data/*_pymrio/.
"""

import os
import subprocess
import sys

import numpy as np
import pymrio

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHES = os.path.join(HERE, "..", "..", "benches")


def write_csv(path, corner, rows, cols, m):
    with open(path, "w") as fh:
        fh.write(",".join([corner] + list(cols)) + "\n")
        for label, row in zip(rows, np.atleast_2d(m)):
            fh.write(label + "," + ",".join(repr(float(v)) for v in row) + "\n")


def convert_test_system(out):
    io = pymrio.load_test()
    os.makedirs(out, exist_ok=True)
    regs = list(io.Z.index.get_level_values(0))
    secs = list(io.Z.index.get_level_values(1))
    ids = [f"{r}_{s}" for r, s in zip(regs, secs)]
    z = io.Z.to_numpy()
    y = io.Y.to_numpy()
    x = z.sum(axis=1) + y.sum(axis=1)
    with open(os.path.join(out, "index.csv"), "w") as fh:
        fh.write("id,region,sector\n")
        for i, r, s in zip(ids, regs, secs):
            fh.write(f"{i},{r},{s}\n")
    ycols = [f"{r}|{c}" for r, c in io.Y.columns]
    write_csv(os.path.join(out, "Z.csv"), "id", ids, ids, z)
    write_csv(os.path.join(out, "Y.csv"), "id", ids, ycols, y)
    write_csv(os.path.join(out, "x.csv"), "id", ids, ["x"], x[:, None])
    va = io.factor_inputs.F
    write_csv(os.path.join(out, "VA.csv"), "component", list(va.index), ids, va.to_numpy())
    em = io.emissions.F
    inds = ["|".join(t) for t in em.index]
    write_csv(os.path.join(out, "emissions.csv"), "indicator", inds, ids, em.to_numpy())
    with open(os.path.join(out, "table.toml"), "w") as fh:
        fh.write(
            'name = "pymrio test system (pymrio.load_test(), pymrio 0.7.0)"\n'
            'unit = "M EUR"\n'
            'source = "pymrio test MRIO (Stadler 2021, pymrio), converted by '
            'tests/data/make_pymrio_expected.py; emissions without F_Y"\n'
            "[satellite_units]\n"
            'emissions = "kg"\n'
        )


def main():
    convert_test_system(os.path.join(HERE, "pymrio_test"))
    for name in ["pymrio_test", "mrio_small"]:
        subprocess.run(
            [sys.executable, os.path.join(BENCHES, "pymrio_calc.py"),
             os.path.join(HERE, name), os.path.join(HERE, name + "_pymrio")],
            check=True,
        )


if __name__ == "__main__":
    main()
