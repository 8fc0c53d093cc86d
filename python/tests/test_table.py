"""Every call of the bindings on every shipped table, against the CLI's output (equal to
the last bit) and against the table's own files."""

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mrio
from conftest import (ROOT, assert_same_frame, cli_csv, has_satellite, multi_regional,
                      read_exact, run_cli)


def col(cli: pd.DataFrame, name: str) -> pd.Series:
    """The CLI's CSV column `name` (headed `name [unit]`)."""
    (c,) = [c for c in cli.columns if c == name or c.startswith(name + " [")]
    return cli[c]


def body(cli: pd.DataFrame) -> pd.DataFrame:
    """The CLI's rows without its total row (checked to be the sum of the others)."""
    if cli["region"].iloc[-1] == "total":
        rows, total = cli.iloc[:-1], cli.iloc[-1]
        for c in cli.columns:
            if pd.api.types.is_float_dtype(cli[c]) and not pd.isna(total[c]):
                assert np.isclose(total[c], rows[c].sum(), rtol=1e-12), c
        return rows
    return cli


def test_labels_and_flows_are_the_files(table_dir):
    t = mrio.read_table(table_dir)
    idx = pd.read_csv(table_dir / "index.csv", dtype=str)
    assert t.ids == list(idx["id"])
    if "region" in idx:
        assert t.regions == list(dict.fromkeys(idx["region"]))
        assert list(t.index.get_level_values("region")) == list(idx["region"])
    assert list(t.index.get_level_values("sector")) == list(idx.get("sector", idx["id"]))
    assert t.index.names == ["region", "sector"]
    z = read_exact(table_dir / "Z.csv", index_col=0).loc[t.ids, t.ids]
    assert (t.Z.to_numpy() == z.to_numpy()).all()
    y = read_exact(table_dir / "Y.csv", index_col=0).loc[t.ids]
    assert (t.Y[list(y.columns)].to_numpy() == y.to_numpy()).all()
    va = read_exact(table_dir / "VA.csv", index_col=0)[t.ids]
    assert (t.VA.loc[list(va.index)].to_numpy() == va.to_numpy()).all()
    assert t.x.attrs["unit"] == t.unit
    # Accounting identity of a balanced table: x = Z1 + Y1.
    assert np.allclose(t.x, t.Z.sum(axis=1) + t.Y.sum(axis=1), rtol=1e-9)


def test_arrays_are_views_not_copies(table_dir):
    t = mrio.read_table(table_dir)
    z1, z2 = t.Z, t.Z
    # Both DataFrames view the same Rust memory, which nobody can write through.
    assert np.shares_memory(z1.to_numpy(), z2.to_numpy())
    assert np.shares_memory(t.A.to_numpy(), t.A.to_numpy())
    with pytest.raises(ValueError):
        z1.to_numpy()[0, 0] = 1.0
    # A computed result is moved into numpy: a fresh buffer per call, writeable-safe.
    l1, l2 = t.L(), t.L()
    assert not np.shares_memory(l1.to_numpy(), l2.to_numpy())


def test_calc_equals_cli(table_dir, tmp_path):
    only = ["x", "A", "L", "B", "G"]
    if has_satellite(table_dir):
        only += ["S", "M", "D_cba", "D_pba", "D_imp", "D_exp"]
    t = mrio.read_table(table_dir)
    res = t.calc(only=only)
    out = tmp_path / "calc"
    run_cli("calc", table_dir, "--out", out, "--only", ",".join(only))
    files = sorted(p.relative_to(out).as_posix()[:-4] for p in out.rglob("*.csv"))
    assert sorted(res) == [f for f in files if f != "units"]
    units = read_exact(out / "units.csv", index_col=0)["unit"]
    for name, df in res.items():
        cli = read_exact(out / f"{name}.csv", index_col=0)
        assert df.attrs["unit"] == units[f"{name}.csv"], name
        assert df.shape == cli.shape, name
        assert (df.to_numpy() == cli.to_numpy()).all(), f"{name} differs from the CLI"
        if name != "x":
            cols = t.ids if isinstance(df.columns, pd.MultiIndex) else list(df.columns)
            assert cols == list(cli.columns), name
    # The methods give the same matrices as calc.
    assert (t.L().to_numpy() == res["L"].to_numpy()).all()
    assert (t.G().to_numpy() == res["G"].to_numpy()).all()
    assert (t.B().to_numpy() == res["B"].to_numpy()).all()
    assert (t.A.to_numpy() == res["A"].to_numpy()).all()
    # Identity: L (I - A) = I.
    n = len(t.ids)
    assert np.abs(t.L().to_numpy() @ (np.eye(n) - t.A.to_numpy()) - np.eye(n)).max() < 1e-10


def test_solve_equals_cli_and_keeps_shape(table_dir, tmp_path):
    t = mrio.read_table(table_dir)
    rng = np.random.default_rng(7)
    ids = t.ids
    pick = sorted(rng.choice(len(ids), size=min(3, len(ids)), replace=False))
    f = pd.DataFrame({"a": rng.uniform(1, 100, len(pick)), "b": rng.uniform(1, 10, len(pick))},
                     index=[ids[i] for i in pick])
    dem = tmp_path / "demand.csv"
    f.to_csv(dem, index_label="id", float_format="%.17g")
    cli = body(cli_csv("solve", table_dir, "--demand", dem))
    x = t.solve(f)
    assert list(x.columns) == ["a", "b"] and x.index.equals(t.index)
    assert (x["a"].to_numpy() == col(cli, "x_a").to_numpy()).all()
    assert (x["b"].to_numpy() == col(cli, "x_b").to_numpy()).all()
    # A Series in gives a Series out, equal to the CLI's one-vector solve; a
    # (region, sector) index works like ids.
    one = tmp_path / "one.csv"
    f[["a"]].to_csv(one, index_label="id", float_format="%.17g")
    s = t.solve(f["a"])
    assert isinstance(s, pd.Series) and s.name == "a"
    assert (s.to_numpy() == col(body(cli_csv("solve", table_dir, "--demand", one)), "x").to_numpy()).all()
    assert np.allclose(s.to_numpy(), x["a"].to_numpy(), rtol=1e-13)
    fm = f.set_axis(t.index[pick])
    assert (t.solve(fm).to_numpy() == x.to_numpy()).all()
    # x = L f
    dense = np.zeros(len(ids))
    dense[pick] = f["a"].to_numpy()
    assert np.allclose(t.L().to_numpy() @ dense, s.to_numpy(), rtol=1e-12, atol=1e-9)
    assert s.attrs["residual"] < 1e-12


def test_multipliers_equal_cli(table_dir):
    t = mrio.read_table(table_dir)
    assert_same_frame(t.multipliers(), cli_csv("multipliers", table_dir))
    df = t.multipliers(satellites=False, only=["output"])
    assert_same_frame(df, cli_csv("multipliers", table_dir, "--no-satellites", "--only",
                                  "output"))
    # The output multiplier is the column sum of L.
    assert np.allclose(df["output"], t.L().sum(axis=0).to_numpy(), rtol=1e-12)


def test_household_multipliers_equal_cli():
    import tomllib
    d = ROOT / "tables" / "cluster"
    # The household rows and columns of the demo scenario (not repeated here).
    with open(ROOT / "docs" / "scenarios" / "cluster-hightech.toml", "rb") as fh:
        hh = tomllib.load(fh)["household"]
    t = mrio.read_table(d)
    assert_same_frame(
        t.multipliers(household=True, income=[hh["income"]],
                      consumption=[hh["consumption"]], consumption_scale=0.7),
        cli_csv("multipliers", d, "--household", "--income", hh["income"],
                "--consumption", hh["consumption"], "--consumption-scale", "0.7"),
    )


def test_linkages_equal_cli(table_dir):
    t = mrio.read_table(table_dir)
    assert_same_frame(t.linkages(), cli_csv("linkages", table_dir))
    assert_same_frame(
        t.linkages(weights="output", forward="leontief", variability=False),
        cli_csv("linkages", table_dir, "--weights", "output", "--forward", "leontief",
                "--no-variability"),
    )


def test_spillover_equals_cli(table_dir):
    t = mrio.read_table(table_dir)
    if not multi_regional(table_dir):
        with pytest.raises(mrio.MrioError, match="one region"):
            t.spillover()
        return
    df = t.spillover()
    assert_same_frame(df, cli_csv("spillover", table_dir))
    assert_same_frame(t.spillover(direction="forward"),
                      cli_csv("spillover", table_dir, "--direction", "forward"))
    # The components of each origin add up to its output multiplier (1'L).
    total = df.groupby(["origin_region", "origin_sector"], sort=False)["value"].sum()
    mult = t.L().sum(axis=0)
    assert np.allclose(total.to_numpy(), mult.to_numpy(), rtol=1e-10)


def test_scenario_equals_cli_from_file_and_dict():
    d = ROOT / "tables" / "cluster"
    sc = ROOT / "docs" / "scenarios" / "cluster-hightech.toml"
    t = mrio.read_table(d)
    df = mrio.scenario(t, sc)
    # Both default to the file's unit (`unit = "bn CNY"`), not the table's (10k CNY).
    assert_same_frame(df, cli_csv("scenario", d, sc))
    assert set(df.loc[df["indicator"] != "employment", "unit"]) == {"bn CNY"}
    assert_same_frame(mrio.scenario(t, sc, by="region"),
                      cli_csv("scenario", d, sc, "--by", "region"))
    import tomllib
    with open(sc, "rb") as fh:
        spec = tomllib.load(fh)
    assert_same_frame(mrio.scenario(t, spec), df)
    # unit= is the CLI's --unit; 1 bn CNY = 1e5 x 10k CNY, so the totals scale by 1e5.
    ten_k = mrio.scenario(t, sc, unit=t.unit)
    assert_same_frame(ten_k, cli_csv("scenario", d, sc, "--unit", t.unit))
    money = df["indicator"] != "employment"
    assert set(ten_k.loc[money, "unit"]) == {t.unit} == {"10k CNY"}
    assert np.allclose(ten_k.loc[money, "total"], df.loc[money, "total"] * 1e5, rtol=1e-12)
    assert (ten_k.loc[~money, "total"] == df.loc[~money, "total"]).all()  # persons stay


def test_scenario_unit_default_falls_back_to_shocks_then_table():
    d = ROOT / "tables" / "cluster"
    t = mrio.read_table(d)
    shock = {"region": t.regions[0], "sector": t.sectors[0], "amount": 1}
    # No file unit: the shocks' shared unit.
    spec = {"indicators": ["output"],
            "scenario": [{"name": "a", "shock": [dict(shock, unit="100M CNY")]}]}
    assert set(mrio.scenario(t, spec)["unit"]) == {"100M CNY"}
    # Shocks in different units and no file unit: the table's.
    spec["scenario"][0]["shock"].append(
        dict(shock, sector=t.sectors[1], unit="bn CNY"))
    assert set(mrio.scenario(t, spec)["unit"]) == {t.unit}
    with pytest.raises(mrio.MrioError, match="unit `furlongs`"):
        mrio.scenario(t, spec, unit="furlongs")


def test_scenarios_on_the_toy_table():
    # The cookbook's scenarios run on the toy two-city table of the tests.
    d = ROOT / "tests" / "data" / "toy_two_city"
    t = mrio.read_table(d)
    # Ensemble specs (toy-ensemble.toml) live beside the scenarios but are not scenarios.
    scenarios = sorted((ROOT / "docs" / "scenarios").glob("toy-*.toml"))
    for sc in [s for s in scenarios if "ensemble" not in s.name]:
        assert_same_frame(mrio.scenario(t, sc), cli_csv("scenario", d, sc))


def test_shared_build_equals_cli(tmp_path, monkeypatch):
    # The cluster recipe reads its parent table from the shared reference data.
    shared = Path(os.environ.get("MRIO_SHARED", ROOT.parent / "shared"))
    if not (shared / "data").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared data missing at {shared} (CI=true)")
        print(f"SKIP test_shared_build_equals_cli: no shared data at {shared}")
        pytest.skip(f"no shared data at {shared}")
    monkeypatch.setenv("MRIO_SHARED", str(shared.resolve()))
    recipe = ROOT / "tables" / "cluster" / "recipe.toml"
    built = mrio.build(recipe)
    out = tmp_path / "built"
    run_cli("build", recipe, "--out", out)
    cli = mrio.read_table(out)
    assert built.ids == cli.ids and built.unit == cli.unit
    for m in ("Z", "Y", "VA", "x"):
        assert (getattr(built, m).to_numpy() == getattr(cli, m).to_numpy()).all(), m
    for name, df in built.satellites.items():
        assert (df.to_numpy() == cli.satellites[name].to_numpy()).all(), name
    # The committed cluster table is the recipe's output.
    shipped = mrio.read_table(ROOT / "tables" / "cluster")
    assert (shipped.Z.to_numpy() == built.Z.to_numpy()).all()


def test_npy_form_reads_the_same(tmp_path):
    d = ROOT / "tables" / "toy_two_region"
    run_cli("convert", d, tmp_path / "npy", "--to", "npy")
    a, b = mrio.read_table(d), mrio.read_table(tmp_path / "npy")
    assert a.ids == b.ids
    assert (a.Z.to_numpy() == b.Z.to_numpy()).all()
    assert (a.L().to_numpy() == b.L().to_numpy()).all()


def test_errors_carry_the_cli_message(tmp_path):
    missing = tmp_path / "no_such_table"
    _, err = run_cli("check", missing, ok=False)
    with pytest.raises(mrio.MrioError) as e:
        mrio.read_table(missing)
    assert err.strip() == f"error: {e.value}"
    d = ROOT / "tables" / "cluster"
    bad = ROOT / "docs" / "scenarios" / "bad.toml"
    _, err = run_cli("scenario", d, bad, ok=False)
    with pytest.raises(mrio.MrioError) as e:
        mrio.scenario(mrio.read_table(d), bad)
    assert err.strip() == f"error: {e.value}"
    t = mrio.read_table(d)
    with pytest.raises(mrio.MrioError, match="unknown result `Q`"):
        t.calc(only=["Q"])
    with pytest.raises(mrio.MrioError, match="unknown id"):
        t.solve(pd.Series({"NOWHERE_x": 1.0}))
    with pytest.raises(mrio.MrioError, match="unknown measure `nonsense`; this table offers `output`"):
        t.multipliers(only=["nonsense"])


def test_factorization_is_kept_and_gil_released():
    import threading
    t = mrio.read_table(ROOT / "tables" / "cluster")
    f = pd.Series(1.0, index=t.ids)
    results = []
    threads = [threading.Thread(target=lambda: results.append(t.solve(f))) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(results) == 4
    assert all((r.to_numpy() == results[0].to_numpy()).all() for r in results)


FORMATS = [
    ("exiobase3", "exiobase3/IOT_2022_ixi"),
    ("exiobase3", "exiobase3/IOT_2022_pxp.zip"),
    ("oecd-icio", "oecd/ICIO2021_2018.csv"),
    ("oecd-icio", "oecd/2019_SML.csv"),
    ("pymrio", "pymrio_csv"),
]


@pytest.mark.parametrize("fmt,rel", FORMATS, ids=[r for _, r in FORMATS])
def test_global_formats_read_as_the_cli_converts(fmt, rel, tmp_path):
    src = ROOT / "tests" / "data" / "formats" / rel
    t = mrio.read_table(src, format=fmt)
    run_cli("convert", src, tmp_path / "t", "--from", fmt)
    cli = mrio.read_table(tmp_path / "t")
    assert t.ids == cli.ids and t.unit == cli.unit
    for m in ("Z", "Y", "VA", "x"):
        assert (getattr(t, m).to_numpy() == getattr(cli, m).to_numpy()).all(), m
    assert (t.L().to_numpy() == cli.L().to_numpy()).all()
    with pytest.raises(ValueError, match="expected mrio, exiobase3"):
        mrio.read_table(src, format="gloria-v99")
