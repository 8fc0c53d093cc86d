"""Satellite accounts against pymrio's calc_all on pymrio's own test system
(pymrio.load_test(): 6 regions x 8 sectors), to 1e-9. pymrio is a test dependency only."""

import numpy as np
import pandas as pd
import pytest

import mrio
from conftest import ROOT

pymrio = pytest.importorskip("pymrio")

# pymrio's test system as an mrio table folder (tests/data/make_pymrio_expected.py);
# the emissions without their final-demand part F_Y, which the folder format has no
# place for.
FOLDER = ROOT / "tests" / "data" / "pymrio_test"


@pytest.fixture(scope="module")
def both():
    io = pymrio.load_test()
    t = mrio.read_table(FOLDER)
    # The folder is pymrio's system: same labels and flows, bit for bit.
    assert list(io.Z.index) == list(t.index)
    assert (io.Z.to_numpy() == t.Z.to_numpy()).all()
    assert (io.Y.to_numpy() == t.Y.to_numpy()).all()
    em = io.emissions
    io.emissions = pymrio.Extension(name="emissions", F=em.F.copy(), unit=em.unit)
    for ext in list(io.get_extensions()):
        if ext != "emissions":
            delattr(io, ext)
    io.calc_all()
    res = t.calc(only=["x", "A", "L", "S", "M", "D_cba", "D_pba", "D_imp", "D_exp"])
    return io, t, res


def close(a, b, what):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape, what
    scale = max(np.abs(b).max(), 1e-300)
    err = np.abs(a - b).max() / scale
    assert err <= 1e-9, f"{what}: relative difference {err:.2e}"


def test_core_matrices(both):
    io, t, res = both
    close(res["x"]["x"], io.x.iloc[:, 0], "x")
    close(res["A"], io.A, "A")
    close(res["L"], io.L, "L")


@pytest.mark.parametrize("acc", ["S", "M", "D_cba", "D_pba", "D_imp", "D_exp"])
def test_accounts(both, acc):
    io, t, res = both
    ext = io.emissions
    ours = res[f"emissions/{acc}"]
    theirs = getattr(ext, acc)
    assert len(ours.index) == len(theirs.index)
    close(ours, theirs, acc)
    if acc.startswith("D_"):
        reg = res[f"emissions/{acc}_reg"]
        theirs_reg = getattr(ext, f"{acc}_reg")[list(reg.columns)]
        close(reg, theirs_reg, f"{acc}_reg")
        # Region totals are the sums of the detailed account by region.
        sums = ours.T.groupby(level="region", sort=False).sum().T[list(reg.columns)]
        close(reg, sums, f"{acc}_reg vs sum")
