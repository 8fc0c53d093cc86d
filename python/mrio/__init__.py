"""mrio from Python: regional and multi-regional input-output tables with pandas in and out.

The numbers come from the Rust library that the ``mrio`` command line runs (results equal
the CLI's to the last bit); this layer only labels them. A :class:`Table` is read once and
keeps the factorizations of ``I - A`` (and of ``I - B``) it forms on first use, so
``solve``, ``L()``, ``calc``, ``multipliers``, ``linkages``, ``spillover`` and ``scenario``
share one LU. Matrices have a ``(region, sector)`` MultiIndex; the table's own arrays are
read-only views of the Rust memory, computed results are handed over without a copy.
Errors raise :class:`MrioError` with the CLI's message. See docs/python.md.
"""

from __future__ import annotations

import io
import json
import os
import warnings
from typing import Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _mrio
from ._mrio import MrioError, set_threads

__all__ = [
    "Ensemble",
    "MrioError",
    "Table",
    "build",
    "ensemble",
    "read_table",
    "scenario",
    "set_threads",
]
__version__ = _mrio.__version__

PathLike = Union[str, "os.PathLike[str]"]


def read_table(
    path: PathLike, zero_output: str = "inert", format: Optional[str] = None
) -> "Table":
    """Read a table folder (CSV or ``.npy`` form), as the CLI's commands do, or with
    ``format`` a release ``mrio convert --from`` reads: ``"exiobase3"`` (zip or
    folder), ``"oecd-icio"`` (one ICIO CSV) or ``"pymrio"`` (a ``save_all`` folder).

    ``zero_output``: ``"inert"`` (zero-output sectors get zero coefficients) or
    ``"reject"`` (they are an error), as ``mrio calc --zero-output``.
    """
    return Table(_mrio.read_table(os.fspath(path), zero_output, format))


def build(recipe: PathLike, set: Optional[Sequence[str]] = None) -> "Table":
    """Build a table from a recipe, as ``mrio build RECIPE --out DIR [--set K=V]...``
    (nothing is written)."""
    return Table(_mrio.build(os.fspath(recipe), list(set or [])))


def scenario(
    table: "Table",
    scenario: Union[PathLike, Mapping],
    by: str = "sector",
    unit: Optional[str] = None,
) -> pd.DataFrame:
    """Impacts of the scenarios of a file (or of a dict with the file's keys) as the
    long DataFrame of ``mrio scenario TABLE FILE --format csv [--by region] [--unit U]``.

    ``by``: ``"sector"`` (one row per region and sector) or ``"region"``.
    ``unit``: the money unit of the results (e.g. ``"bn CNY"``); by default the CLI's:
    the file's ``unit``, else the shocks' shared unit, else the table's.
    """
    if isinstance(scenario, Mapping):
        f = _mrio.scenario(table._t, None, json.dumps(scenario), by, unit)
    else:
        f = _mrio.scenario(table._t, os.fspath(scenario), None, by, unit)
    return _frame(f)


def ensemble(
    spec: PathLike, draws: int = 1000, seed: int = 1, threads: int = 0
) -> "Ensemble":
    """Run an ensemble spec as ``mrio ensemble SPEC --draws N --seed S`` (threads: 0 =
    all cores) and return its results (see docs/uncertainty.md). The same spec and seed
    give the same bytes as the CLI's folder, whatever the thread count."""
    files = _mrio.ensemble(os.fspath(spec), draws, seed, threads)
    return Ensemble(dict(files))


# pandas 3 parses floats exactly by default (and deprecates the option).
_EXACT = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
_LABELS = ("scenario", "region", "sector", "indicator", "group", "input", "unit")


class Ensemble:
    """The results of :func:`ensemble`, as the CLI writes them.

    ``summary`` (scenario, region, sector, indicator, point, mean, sd, p05, p50, p95,
    unit; ``sector == "all"`` for region totals, ``region == "total"`` for the whole
    table), ``shares`` (the groups centre, other_cities and rest as fractions of the
    total), ``sensitivity`` (every uncertain input ranked by the share of variance of
    each group's share it explains) and ``draws`` (every draw's inputs and shares) are
    DataFrames; ``files`` holds the text of each file and ``save(dir)`` writes them.
    """

    def __init__(self, files: Mapping[str, str]):
        self.files = dict(files)

    def _csv(self, name: str) -> pd.DataFrame:
        text = self.files[name]
        head = text.split("\n", 1)[0].split(",")
        return pd.read_csv(
            io.StringIO(text),
            keep_default_na=False,
            na_values=[""],
            dtype={c: str for c in head if c in _LABELS},
            **_EXACT,
        )

    @property
    def summary(self) -> pd.DataFrame:
        return self._csv("summary.csv")

    @property
    def shares(self) -> pd.DataFrame:
        return self._csv("shares.csv")

    @property
    def sensitivity(self) -> pd.DataFrame:
        return self._csv("sensitivity.csv")

    @property
    def draws(self) -> pd.DataFrame:
        return self._csv("draws.csv")

    def save(self, folder: PathLike) -> None:
        """Write the files into a new (or empty) folder, as ``mrio ensemble --out``."""
        folder = os.fspath(folder)
        os.makedirs(folder, exist_ok=True)
        if os.listdir(folder):
            raise MrioError(f"{folder}: the folder is not empty")
        for name, text in self.files.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as f:
                f.write(text)

    def __repr__(self) -> str:
        return f"<mrio.Ensemble: {', '.join(self.files)}>"


def _frame(f: dict) -> pd.DataFrame:
    """A result frame of the library as a DataFrame with the CLI's columns (their
    names; the CLI's CSV headings, ``name [unit]``, in ``attrs["headings"]``); units
    per column, title and notes in ``attrs``. Long frames that mix indicators carry
    the unit of each row in their ``unit`` column."""
    df = pd.DataFrame({c: f["data"][c] for c in f["columns"]}, columns=f["columns"])
    df.attrs["headings"] = list(f["headings"])
    df.attrs["title"] = f["title"]
    df.attrs["units"] = dict(f["units"])
    df.attrs["notes"] = list(f["notes"])
    return df


class Table:
    """An input-output table (see :func:`read_table`, :func:`build`)."""

    def __init__(self, inner: "_mrio.Table"):
        self._t = inner
        self._index = pd.MultiIndex.from_arrays(
            [inner.row_regions, inner.row_sectors], names=["region", "sector"]
        )

    def __repr__(self) -> str:
        return repr(self._t)

    # --- labels and units -------------------------------------------------------
    @property
    def index(self) -> pd.MultiIndex:
        """The ``(region, sector)`` MultiIndex of rows and columns, in matrix order."""
        return self._index

    @property
    def ids(self) -> list:
        """The ids of ``index.csv`` in matrix order."""
        return self._t.ids

    @property
    def unit(self) -> str:
        """The monetary unit of Z, Y, VA and x."""
        return self._t.unit

    @property
    def name(self) -> Optional[str]:
        return self._t.name

    @property
    def regions(self) -> list:
        """Distinct regions, in order."""
        return self._t.regions

    @property
    def sectors(self) -> list:
        """Distinct sectors, in order."""
        return self._t.sectors

    # --- the table's own matrices (read-only views) -------------------------------
    def _square(self, arr: np.ndarray, unit: str) -> pd.DataFrame:
        arr.flags.writeable = False
        df = pd.DataFrame(arr, index=self._index, columns=self._index, copy=False)
        df.attrs["unit"] = unit
        return df

    @property
    def Z(self) -> pd.DataFrame:
        """Intermediate flows Z (row sells, column buys)."""
        return self._square(self._t.z(), self.unit)

    @property
    def Y(self) -> pd.DataFrame:
        """Final demand Y, one column per final-demand category."""
        a = self._t.y()
        a.flags.writeable = False
        df = pd.DataFrame(a, index=self._index, columns=self._t.y_labels, copy=False)
        df.attrs["unit"] = self.unit
        return df

    @property
    def VA(self) -> pd.DataFrame:
        """Primary inputs (value-added rows and imports)."""
        a = self._t.va()
        a.flags.writeable = False
        df = pd.DataFrame(a, index=self._t.va_labels, columns=self._index, copy=False)
        df.attrs["unit"] = self.unit
        return df

    @property
    def x(self) -> pd.Series:
        """Gross output x."""
        a = self._t.x()
        a.flags.writeable = False
        s = pd.Series(a, index=self._index, name="x", copy=False)
        s.attrs["unit"] = self.unit
        return s

    @property
    def satellites(self) -> dict:
        """Satellite accounts F by name: indicators x (region, sector)."""
        out = {}
        for name in self._t.satellite_names:
            ind, a, unit = self._t.satellite(name)
            a.flags.writeable = False
            df = pd.DataFrame(a, index=pd.Index(ind, name="indicator"),
                              columns=self._index, copy=False)
            df.attrs["unit"] = unit
            out[name] = df
        return out

    # --- coefficients and inverses -------------------------------------------------
    @property
    def A(self) -> pd.DataFrame:
        """Technical coefficients A = Z x̂⁻¹ (the matrix the kept LU factors)."""
        return self._square(self._t.a(), _unit(self, "A"))

    def B(self) -> pd.DataFrame:
        """Allocation coefficients B = x̂⁻¹ Z."""
        return self._square(self._t.b(), _unit(self, "B"))

    def L(self) -> pd.DataFrame:
        """The Leontief inverse L = (I - A)⁻¹, formed from the kept LU."""
        a, res = self._t.l()
        df = self._square(a, _unit(self, "L"))
        df.attrs["residual"] = res
        return df

    def G(self) -> pd.DataFrame:
        """The Ghosh inverse G = (I - B)⁻¹."""
        a, res = self._t.g()
        df = self._square(a, _unit(self, "G"))
        df.attrs["residual"] = res
        return df

    # --- solves ------------------------------------------------------------------------
    def solve(self, demand):
        """Gross output x = L f on the kept LU.

        ``demand``: a Series (one demand vector) or a DataFrame (one column per vector)
        indexed by the table's ids or by ``(region, sector)``; entries not listed are
        zero. Returns the same kind (Series / DataFrame, same columns) over the whole
        index, in the table's unit; ``attrs["residual"]`` holds the relative residual.
        """
        single = isinstance(demand, pd.Series)
        frame = demand.to_frame() if single else demand
        if not isinstance(frame, pd.DataFrame):
            raise TypeError("demand: expected a pandas Series or DataFrame")
        f = np.zeros((len(self._index), frame.shape[1]), order="F")
        f[self._positions(frame.index), :] = frame.to_numpy(dtype=float)
        x, res = self._t.solve(f)
        out = pd.DataFrame(x, index=self._index, columns=frame.columns, copy=False)
        if single:
            out = out.iloc[:, 0].rename(demand.name)
        out.attrs["unit"] = self.unit
        out.attrs["residual"] = res
        return out

    def _positions(self, idx: pd.Index) -> np.ndarray:
        if isinstance(idx, pd.MultiIndex):
            pos = self._index.get_indexer(idx)
            what = "(region, sector)"
        else:
            pos = pd.Index(self.ids).get_indexer(idx)
            what = "id"
        bad = [lab for lab, p in zip(idx, pos) if p < 0]
        if bad:
            raise MrioError(
                f"demand: unknown {what} {bad[0]!r}: expected one of the table's index "
                f"(ids or (region, sector) pairs)"
            )
        if len(set(pos)) != len(pos):
            dup = pd.Index(idx)[pd.Index(pos).duplicated()][0]
            raise MrioError(f"demand: {what} {dup!r} is given more than once")
        return pos

    # --- the CLI's results -------------------------------------------------------------
    def calc(self, only: Iterable[str] = ("x", "A")) -> dict:
        """The results of ``mrio calc --only ...`` as DataFrames, named by the files the
        CLI writes without ``.csv``: ``x``, ``A``, ``L``, ``B``, ``G`` and per satellite
        ``NAME/S``, ``NAME/M``, ``NAME/D_cba`` (+ ``NAME/D_cba_reg`` by region), ... .
        Units in ``attrs["unit"]``; accuracy warnings are Python warnings."""
        items, notes, warns = self._t.calc(list(only))
        for w in warns:
            warnings.warn(w, RuntimeWarning, stacklevel=2)
        out = {}
        for name, arr, rows, cols, unit in items:
            arr.flags.writeable = False
            if arr.ndim == 1:
                df = pd.DataFrame({"x": arr}, index=self._index)
            else:
                ri = self._index if rows is None else pd.Index(rows, name="indicator")
                ci = self._index if cols is None else pd.Index(cols, name="region")
                df = pd.DataFrame(arr, index=ri, columns=ci, copy=False)
            df.attrs["unit"] = unit
            df.attrs["notes"] = [n for n in notes if n.startswith(name.split("/")[0] + ":")]
            out[name] = df
        return out

    def multipliers(
        self,
        household: bool = False,
        income: Sequence[str] = (),
        consumption: Sequence[str] = (),
        consumption_scale: Optional[float] = None,
        commuting: Optional[PathLike] = None,
        value_added: Sequence[str] = (),
        satellites: bool = True,
        only: Sequence[str] = (),
    ) -> pd.DataFrame:
        """``mrio multipliers`` (``--format csv``) as a DataFrame: the same columns,
        units in ``attrs["units"]``, notes in ``attrs["notes"]``."""
        f = self._t.multipliers(
            household, list(income), list(consumption), consumption_scale,
            None if commuting is None else os.fspath(commuting), list(value_added),
            satellites, list(only),
        )
        return _frame(f)

    def linkages(
        self, weights: str = "equal", forward: str = "ghosh", variability: bool = True
    ) -> pd.DataFrame:
        """``mrio linkages [--weights W] [--forward F] [--no-variability]`` as a
        DataFrame with the CLI's columns."""
        return _frame(self._t.linkages(weights, forward, variability))

    def spillover(self, direction: str = "backward", indicator: str = "output") -> pd.DataFrame:
        """``mrio spillover --format csv [--direction D] [--indicator I]``: the long
        decomposition (origin_region, origin_sector, destination_region, component,
        value)."""
        f = self._t.spillover(direction, indicator)
        df = _frame(f)
        df.attrs["description"] = f["description"]
        return df


def _unit(t: Table, name: str) -> str:
    """The unit ``mrio calc`` writes into ``units.csv`` for result ``name``."""
    return t._t.unit_of(name)
