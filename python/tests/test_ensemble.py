"""mrio.ensemble: the same files as `mrio ensemble`, byte for byte, and DataFrames that
read them exactly."""

import numpy as np
import pytest

import mrio
from conftest import ROOT, read_exact, run_cli

SPEC = ROOT / "docs" / "scenarios" / "toy-ensemble.toml"


def test_ensemble_files_equal_the_cli(tmp_path):
    ens = mrio.ensemble(SPEC, draws=40, seed=3)
    out = tmp_path / "out"
    run_cli("ensemble", SPEC, "--draws", 40, "--seed", 3, "--out", out)
    for name in ("summary.csv", "shares.csv", "sensitivity.csv", "draws.csv", "ensemble.toml"):
        assert ens.files[name] == (out / name).read_text(encoding="utf-8"), name
    # The frames are the files read exactly.
    for attr in ("summary", "shares", "sensitivity", "draws"):
        got = getattr(ens, attr)
        want = read_exact(out / f"{attr}.csv", dtype={"region": str, "sector": str})
        assert list(got.columns) == list(want.columns)
        for c in got.columns:
            if got[c].dtype.kind == "f":
                assert np.array_equal(got[c].to_numpy(), want[c].to_numpy(), equal_nan=True), c
            else:
                assert got[c].astype(str).tolist() == want[c].astype(str).tolist(), c


def test_ensemble_is_the_same_on_any_thread_count_and_restores_the_threads():
    t = mrio.read_table(ROOT / "tests" / "data" / "toy_two_city")
    before = t.L().to_numpy().copy()
    one = mrio.ensemble(SPEC, draws=30, seed=9, threads=1)
    two = mrio.ensemble(SPEC, draws=30, seed=9, threads=2)
    assert one.files == two.files
    # A fresh table factored after the ensemble gives the same bits as before.
    after = mrio.read_table(ROOT / "tests" / "data" / "toy_two_city").L().to_numpy()
    assert np.array_equal(before, after)


def test_ensemble_shares_and_summary_make_sense():
    ens = mrio.ensemble(SPEC, draws=200, seed=1)
    s = ens.summary
    total = s[(s.region == "total") & (s.indicator == "output")].iloc[0]
    assert total.p05 <= total.p50 <= total.p95
    # The group shares of every draw's point add up to one.
    sh = ens.shares[ens.shares.indicator == "output"]
    assert sh.point.sum() == pytest.approx(1.0, abs=1e-12)
    assert set(ens.sensitivity.columns) >= {"input", "spearman", "variance_share"}


def test_ensemble_save_and_errors(tmp_path):
    ens = mrio.ensemble(SPEC, draws=10, seed=1)
    ens.save(tmp_path / "saved")
    assert (tmp_path / "saved" / "summary.csv").read_text(encoding="utf-8") == ens.files["summary.csv"]
    with pytest.raises(mrio.MrioError, match="not empty"):
        ens.save(tmp_path / "saved")
    bad = tmp_path / "bad.toml"
    bad.write_text('table = "x"\nscenarios = "s.toml"\n[cells]\nrelative_sd = 0.1\nwhat = 1\n')
    with pytest.raises(mrio.MrioError, match="line 5"):
        mrio.ensemble(bad, draws=5)
    with pytest.raises(ValueError, match="draws 0"):
        mrio.ensemble(SPEC, draws=0)
