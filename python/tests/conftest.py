"""Shared fixtures: the repository, the shipped tables and the `mrio` CLI whose output the
bindings must reproduce bit for bit."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLES = sorted(p for p in (ROOT / "tables").iterdir() if (p / "index.csv").exists())


def _cli() -> str:
    env = os.environ.get("MRIO_BIN")
    if env:
        return env
    for prof in ("debug", "release"):
        p = ROOT / "target" / prof / "mrio"
        if p.exists():
            return str(p)
    found = shutil.which("mrio")
    if found:
        return found
    pytest.exit("no mrio CLI: build it (cargo build) or set MRIO_BIN", returncode=2)


CLI = _cli()


def run_cli(*args, ok=True):
    """Run the CLI from the repository root; return (stdout, stderr)."""
    p = subprocess.run([CLI, "--quiet", *map(str, args)], cwd=ROOT, capture_output=True,
                       text=True)
    if ok and p.returncode != 0:
        raise AssertionError(f"mrio {' '.join(map(str, args))} failed: {p.stderr}")
    if not ok:
        assert p.returncode != 0, f"mrio {args} should have failed"
    return p.stdout, p.stderr


def cli_csv(*args) -> pd.DataFrame:
    """The CLI's `--format csv` output, numbers at full precision (round trip)."""
    out, _ = run_cli(*args, "--format", "csv")
    return read_exact(io.StringIO(out))


# pandas 3 parses floats exactly by default (and deprecates the option).
_EXACT = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}


def read_exact(src, **kw) -> pd.DataFrame:
    """Read CSV with every number parsed exactly (shortest round-trip text)."""
    return pd.read_csv(src, keep_default_na=False, na_values=[""], **_EXACT, **kw)


def assert_same_frame(py: pd.DataFrame, cli: pd.DataFrame):
    """Same columns in the same order (the CLI's CSV headings, `name [unit]`), same
    labels, numbers equal to the last bit (NaN where the CLI prints an empty cell)."""
    assert py.attrs["headings"] == list(cli.columns)
    cli = cli.set_axis(list(py.columns), axis=1)
    assert len(py) == len(cli)
    for c in py.columns:
        a, b = py[c], cli[c]
        if pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(b):
            a = a.to_numpy(dtype=float)
            b = b.to_numpy(dtype=float)
            same = (a == b) | (pd.isna(a) & pd.isna(b))
            assert same.all(), f"column {c}: first difference at row {(~same).argmax()}: " \
                               f"{a[(~same).argmax()]!r} vs {b[(~same).argmax()]!r}"
        else:
            assert [None if pd.isna(v) else str(v) for v in a] == \
                   [None if pd.isna(v) else str(v) for v in b], f"column {c}"


@pytest.fixture(params=TABLES, ids=[p.name for p in TABLES])
def table_dir(request):
    return request.param


def multi_regional(path: Path) -> bool:
    idx = pd.read_csv(path / "index.csv", dtype=str)
    return "region" in idx and idx["region"].nunique() > 1


def has_satellite(path: Path) -> bool:
    for f in path.glob("*.csv"):
        with open(f) as fh:
            if fh.readline().startswith("indicator,"):
                return True
    return False
